// Caps on everything a replay log brings in (docs/limits.md). Each is checked before the bytes,
// string or array it bounds is decoded or kept; past one the reader throws QfsError E_INPUT_TOO_LARGE
// (E_INPUT_TOO_LARGE) naming the cap. `qfs replay` reads its file or stdin under the same caps.
import { GENESIS_ALLOCATIONS_MAX, GENESIS_KEYS_MAX, LEDGER_BATCH_PACKETS_MAX } from "../ledger/limits.js";
import { MAX_PACKET_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "../packet/types.js";

// A whole version-1 log (one JSON document, parsed in one piece). Larger logs use version 2.
export const REPLAY_LOG_V1_BYTES_MAX = 32 * 1024 * 1024;
// One line of a version-2 log: a batch at the core's limits (4 MiB of input) in base64 fits with room.
export const REPLAY_LOG_LINE_BYTES_MAX = 8 * 1024 * 1024;
// Bytes read from a file or stdin per step while streaming (the CLI's read size).
export const REPLAY_READ_CHUNK_BYTES = 1024 * 1024;
export const REPLAY_BATCH_PACKETS_MAX = LEDGER_BATCH_PACKETS_MAX;
export const REPLAY_PACKET_BYTES_MAX = MAX_PACKET_BYTES;
export const REPLAY_GENESIS_KEYS_MAX = GENESIS_KEYS_MAX;
export const REPLAY_GENESIS_ALLOCATIONS_MAX = GENESIS_ALLOCATIONS_MAX;
// The largest ML-DSA public key and signature (level 87): node key, genesis keys, signatures.
export const REPLAY_PUBLIC_KEY_BYTES_MAX = PUBLIC_KEY_BYTES[87];
export const REPLAY_SIGNATURE_BYTES_MAX = SIGNATURE_BYTES[87];
// Free-text metadata (name, description).
export const REPLAY_TEXT_CHARS_MAX = 4096;
