// Bounds of the node's halt state (server/halt): DATA_DIR/halt.json is read whole at start, so it has a cap, and
// the history it keeps is bounded (the oldest entries go first).

/** Largest halt.json read back, bytes. An entry is ~7 KB (the 4,627-byte signature as base64 is most of it). */
export const HALT_FILE_BYTES_MAX = 4 * 1024 * 1024;
/** Ended halts kept in halt.json, newest last; past this the oldest are dropped. */
export const HALT_HISTORY_ENTRIES_MAX = 256;
/** halt.json's format version. */
export const HALT_FILE_VERSION = 1;
