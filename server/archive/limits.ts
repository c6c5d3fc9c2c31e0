// Every bound of the archive (the read side of the node), each with its unit (STYLE.md: a limit on everything).

/** Most items one read returns: entries, checkpoints, account events (the HTTP pages are capped the same). */
export const ARCHIVE_PAGE_MAX = 1000;
/** Decision records read per page while the archive catches up at start. A payload may carry a whole batch
 *  (up to the core's 4 MiB input), so a page is at most ~64 MiB in memory. */
export const CATCH_UP_ROUNDS_PAGE = 16;
/** Batch lines read per page while the log is streamed (each line ≤ the replay log's line cap). */
export const LOG_LINES_PAGE = 16;
/** The archive's file in the data dir (derived data: deleting it rebuilds it from the decision log). */
export const ARCHIVE_FILE_NAME = "archive.sqlite";
/** Entry blocks (one a round) read per page when the audit log is loaded at start. */
export const LOAD_BLOCKS_PAGE = 64;
