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

// ---- HTTP limits (server/http/*). Every page, range and request has a cap, checked before anything is read. ----

/** POST /v1/transactions/batch: most packets in one request (as many as one group-commit batch holds) … */
export const HTTP_BATCH_PACKETS_MAX = 256;
/** … and its largest body, bytes. 256 packets of the 64 KiB maximum would be ~22 MiB of base64; real packets are
 *  2.5–12 KiB, so 8 MiB carries a full batch of them and bounds what one request can make the node parse. */
export const HTTP_BATCH_BODY_BYTES_MAX = 8 * 1024 * 1024;
/** Per signer key: packets a second the token bucket refills (keyed by each signer key id of a decoded packet) … */
export const RATE_PER_KEY_PACKETS_PER_S = 200;
/** … and the bucket's size, packets: a client may send this many at once before the rate applies. */
export const RATE_PER_KEY_BURST = 2_000;
/** Most signer keys the limiter tracks at once; past it the least recently used bucket is dropped (an idle key's is
 *  full again anyway; a busy one only gets a fresh burst, so eviction never refuses an honest key). */
export const RATE_KEYS_TRACKED_MAX = 100_000;
/** GET /v1/events: most concurrent SSE subscribers (429 E_RATE_LIMITED past it) … */
export const SSE_CLIENTS_MAX = 64;
/** … a subscriber whose unsent bytes pass this is dropped (a slow reader must not hold the node's memory) … */
export const SSE_CLIENT_BUFFER_BYTES_MAX = 1024 * 1024;
/** … and a comment line goes out this often, so proxies and clients see a live stream. */
export const SSE_HEARTBEAT_MS = 15_000;
/** Pages (account events, checkpoints): the default and the largest `limit`, items. */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1_000;
/** GET /v1/audit/entries: most entries one request may ask for (to − from). */
export const AUDIT_ENTRIES_RANGE_MAX = 1_000;
/** Longest path parameter, characters (ids are 64 hex; the router refuses longer ones: 400 E_HTTP_BODY). */
export const HTTP_PARAM_CHARS_MAX = 128;
