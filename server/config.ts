// Every bound and default of the HTTP service and its sequencer, in one place, each with its unit.
import { MAX_PACKET_BYTES } from "../bindings/packet/types.js";

/** Largest request body, bytes: one DRV packet (MAX_PACKET_BYTES) as JSON base64 (4/3) plus the JSON framing.
 *  An octet-stream body of a packet is smaller still; past this Fastify answers 413 without reading more. */
export const BODY_LIMIT_BYTES = Math.ceil((MAX_PACKET_BYTES * 4) / 3) + 1024;

/** Group commit: a batch is closed when it holds this many packets … */
export const BATCH_PACKETS_DEFAULT = 256;
/** … or this long after its first packet arrived, whichever comes first. */
export const BATCH_DELAY_MS_DEFAULT = 5;
/** Most packets waiting for a batch; past it submit() refuses at once with E_POOL_SATURATED (HTTP 429). */
export const QUEUE_PACKETS_MAX_DEFAULT = 4096;
/** Verify-pool threads the service starts by default (the machine may be shared; `--threads` raises it). */
export const POOL_THREADS_SERVICE_DEFAULT = 2;
/** Rows read per readRows page when the ledger is rebuilt from the stores at start. */
export const LOAD_ROWS_PAGE = 5_000;

export const PORT_DEFAULT = 8080;
export const HOST_DEFAULT = "127.0.0.1";
export const DATA_DIR_DEFAULT = "data";
/** Seconds a client should wait before retrying after a 429. */
export const RETRY_AFTER_S = 1;
/** Bytes of packets (each + its 4-byte length) one batch may carry: the core's 4 MiB input buffer
 *  (assembly/ledger/layout.ts INPUT_BYTES) less its 32-byte header; a batch closes before it would overflow. */
export const BATCH_INPUT_BYTES_MAX = 4 * 1024 * 1024 - 32;
