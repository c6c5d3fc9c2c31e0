// Every bound of the archive (the read side of the node), each with its unit (STYLE.md: a limit on everything).

/** Most items one read returns: entries, checkpoints, account events (the HTTP pages are capped the same). */
export const ARCHIVE_PAGE_MAX = 1000;
/** Decision records read per page while the archive catches up at start. A payload may carry a whole batch
 *  (up to the core's 4 MiB input), so a page is at most ~64 MiB in memory. */
export const CATCH_UP_ROUNDS_PAGE = 16;
/** Entries read per page when the in-memory audit log is loaded at start (≤ 4 KiB each). */
export const LOAD_ENTRIES_PAGE = 10_000;
/** Batch lines read per page while the log is streamed (each line ≤ the replay log's line cap). */
export const LOG_LINES_PAGE = 16;
