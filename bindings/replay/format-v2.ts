// The replay log, version 2 (docs/replay.md §3.2): JSON Lines, so a log of any length streams
// with memory bounded by one batch. Line 1 is the head (format, version 2, optional name and
// description, chain, node key, genesis and its signed checkpoint), then one line per batch (the
// same object as a version-1 batch), and last, optionally, a trailer
// {"trailer":{"batches":N,"expectedStateRoot"?:hex}}. Each line is at most REPLAY_LOG_LINE_BYTES_MAX
// bytes. A version-2 file starts with the exact bytes REPLAY_LOG_V2_PREFIX: that is how a reader
// tells it from a version-1 document. Pure: no Node APIs.
import { inputTooLarge } from "./errors.js";
import { batchJson, fail, hex, int, obj, parseBatch, type Json } from "./fields.js";
import {
  decodeJsonText,
  headJson,
  parseHeadFields,
  parseMeta,
  REPLAY_LOG_FORMAT,
  type LoggedBatch,
  type ReplayLog,
  type ReplayLogHead,
} from "./format.js";
import { toHex } from "../bytes.js";
import { LineSplitter } from "./lines.js";
import { REPLAY_LOG_LINE_BYTES_MAX } from "./limits.js";

export const REPLAY_LOG_V2_VERSION = 2;
export const REPLAY_LOG_V2_PREFIX = `{"format":"${REPLAY_LOG_FORMAT}","version":${REPLAY_LOG_V2_VERSION},`;
const PREFIX_BYTES = new TextEncoder().encode(REPLAY_LOG_V2_PREFIX);

// True when `start` (the first bytes of a file, at least the prefix's length) opens a version-2 log.
export function isReplayLogV2(start: Uint8Array | string): boolean {
  if (typeof start === "string") return start.startsWith(REPLAY_LOG_V2_PREFIX);
  if (start.length < PREFIX_BYTES.length) return false;
  for (let i = 0; i < PREFIX_BYTES.length; i++) if (start[i] !== PREFIX_BYTES[i]) return false;
  return true;
}

export interface ReplayLogTrailer {
  readonly batches: number;
  readonly expectedStateRoot?: string;
}

export type ReplayLogV2Line =
  | { readonly kind: "batch"; readonly batch: LoggedBatch }
  | { readonly kind: "trailer"; readonly trailer: ReplayLogTrailer };

const HEAD_KEYS = ["format", "version", "chainId", "nodePublicKey", "genesis", "genesisCheckpoint"];

function lineJson(line: string | Uint8Array, lineNo: number): Json {
  return decodeJsonText(line, REPLAY_LOG_LINE_BYTES_MAX, `line ${lineNo}`);
}

// Line 1. The head's metadata is name and description; expectedStateRoot is the trailer's.
export function parseReplayLogV2Head(line: string | Uint8Array): ReplayLogHead {
  const o = obj(lineJson(line, 1), "$", HEAD_KEYS, ["name", "description"]);
  if (o.format !== REPLAY_LOG_FORMAT) fail("$.format", `expected "${REPLAY_LOG_FORMAT}"`);
  if (o.version !== REPLAY_LOG_V2_VERSION) fail("$.version", `expected ${REPLAY_LOG_V2_VERSION} in a JSON Lines log`);
  const head = parseHeadFields(o);
  const meta = parseMeta(o, "$");
  return meta !== undefined ? { ...head, meta } : head;
}

// Line `lineNo` (≥ 2): a batch, or the trailer. `batchIndex` names the batch in errors.
export function parseReplayLogV2Line(
  line: string | Uint8Array,
  chainId: number,
  lineNo: number,
  batchIndex: number,
): ReplayLogV2Line {
  const v = lineJson(line, lineNo);
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "trailer" in v) {
    const t = obj(obj(v, "$", ["trailer"]).trailer, "$.trailer", ["batches"], ["expectedStateRoot"]);
    const trailer: { batches: number; expectedStateRoot?: string } = { batches: int(t.batches, "$.trailer.batches") };
    if (t.expectedStateRoot !== undefined)
      trailer.expectedStateRoot = toHex(hex(t.expectedStateRoot, "$.trailer.expectedStateRoot", 32));
    return { kind: "trailer", trailer };
  }
  return { kind: "batch", batch: parseBatch(v, `$.batches[${batchIndex}]`, chainId) };
}

export function replayLogV2HeadLine(head: ReplayLogHead): string {
  const out: Record<string, Json> = { format: REPLAY_LOG_FORMAT, version: REPLAY_LOG_V2_VERSION };
  if (head.meta?.name !== undefined) out.name = head.meta.name;
  if (head.meta?.description !== undefined) out.description = head.meta.description;
  return JSON.stringify(Object.assign(out, headJson(head)));
}

export function replayLogV2BatchLine(b: LoggedBatch): string {
  return JSON.stringify(batchJson(b));
}

export function replayLogV2TrailerLine(t: ReplayLogTrailer): string {
  const trailer: Record<string, Json> = { batches: t.batches };
  if (t.expectedStateRoot !== undefined) trailer.expectedStateRoot = t.expectedStateRoot;
  return JSON.stringify({ trailer });
}

// The whole log as version 2 text: head, batches, and a trailer (with the metadata's
// expectedStateRoot when there is one). Each line ends with "\n".
export function serializeReplayLogV2(log: ReplayLog): string {
  const lines = [replayLogV2HeadLine(log), ...log.batches.map(replayLogV2BatchLine)];
  const t: { batches: number; expectedStateRoot?: string } = { batches: log.batches.length };
  if (log.meta?.expectedStateRoot !== undefined) t.expectedStateRoot = log.meta.expectedStateRoot;
  lines.push(replayLogV2TrailerLine(t));
  for (let i = 0; i < lines.length; i++)
    if (lines[i]!.length > REPLAY_LOG_LINE_BYTES_MAX) throw inputTooLarge(`line ${i + 1}`, REPLAY_LOG_LINE_BYTES_MAX);
  return lines.join("\n") + "\n";
}

export type ReplayLogV2Item =
  | { readonly kind: "head"; readonly head: ReplayLogHead }
  | { readonly kind: "batch"; readonly batch: LoggedBatch; readonly index: number }
  | { readonly kind: "trailer"; readonly trailer: ReplayLogTrailer };

// Reads a version-2 log line by line (each line checked against its cap before it is decoded).
// Feed it lines in order; `end()` checks that there was a head. Memory: the head plus one line.
export class ReplayLogV2Reader {
  private head: ReplayLogHead | undefined;
  private lineNo = 0;
  private batchCount = 0;
  private trailer: ReplayLogTrailer | undefined;

  line(bytes: Uint8Array | string): ReplayLogV2Item {
    this.lineNo++;
    if (this.trailer !== undefined) fail(`line ${this.lineNo}`, "a line after the trailer");
    if (this.head === undefined) {
      this.head = parseReplayLogV2Head(bytes);
      return { kind: "head", head: this.head };
    }
    const l = parseReplayLogV2Line(bytes, this.head.chainId, this.lineNo, this.batchCount);
    if (l.kind === "trailer") {
      if (l.trailer.batches !== this.batchCount)
        fail("$.trailer.batches", `says ${l.trailer.batches} batches, the log has ${this.batchCount}`);
      this.trailer = l.trailer;
      return l;
    }
    return { kind: "batch", batch: l.batch, index: this.batchCount++ };
  }

  end(): void {
    if (this.head === undefined) fail("line 1", "empty log");
  }
}

// Splits `input` (text, bytes, or an iterable of byte chunks) into lines under the line cap.
export function* replayLogV2Lines(input: string | Uint8Array | Iterable<Uint8Array>): Generator<Uint8Array> {
  const splitter = new LineSplitter(REPLAY_LOG_LINE_BYTES_MAX);
  const chunks: Iterable<Uint8Array> =
    typeof input === "string" ? [new TextEncoder().encode(input)] : input instanceof Uint8Array ? [input] : input;
  for (const c of chunks) yield* splitter.push(c);
  const last = splitter.end();
  if (last !== undefined) yield last;
}

// The whole version-2 log as a ReplayLog (the trailer's expectedStateRoot becomes the metadata's).
export function parseReplayLogV2(input: string | Uint8Array | Iterable<Uint8Array>): ReplayLog {
  const reader = new ReplayLogV2Reader();
  let head: ReplayLogHead | undefined;
  let expected: string | undefined;
  const batches: LoggedBatch[] = [];
  for (const line of replayLogV2Lines(input)) {
    const item = reader.line(line);
    if (item.kind === "head") head = item.head;
    else if (item.kind === "batch") batches.push(item.batch);
    else expected = item.trailer.expectedStateRoot;
  }
  reader.end();
  const h = head!;
  const meta = expected === undefined ? h.meta : { ...h.meta, expectedStateRoot: expected };
  return meta === undefined ? { ...h, batches } : { ...h, meta, batches };
}
