// The results of one verify() call, in packet order, read straight from the task buffers the
// workers sent back (no per-packet objects unless asked for with get()). Fields that the wire
// format puts at fixed offsets (account, nonce, timestamp, signer key ids) are read from the
// packet bytes the task carried; they are defined only when decodeCode(i) is 0.
import { qfsError } from "../../bindings/errors/index.js";
import { NO_SIGNER, R, RESULT_RECORD_BYTES, taskPacket, type TaskView } from "./task-format.js";

// docs/wire-format.md §2.1
const ACCOUNT_AT = 16;
const NONCE_AT = 48;
const TIMESTAMP_AT = 56;
const CHAIN_ID_AT = 8;
const SIGNERS_AT = 64;
const ID_BYTES = 32;

/** One packet's result as a plain object (tests, logs); the sequencer reads the accessors instead. */
export interface PacketVerifyResult {
  readonly decodeCode: number;
  readonly firstErrorCode: number;
  /** Index of the signer whose check gave firstErrorCode; -1 when none or not a signer's error. */
  readonly firstErrorSigner: number;
  readonly verifiedBitmap: number;
  readonly signerCount: number;
  readonly packetId?: Uint8Array;
  readonly bodyHash?: Uint8Array;
  readonly account?: Uint8Array;
  readonly nonce?: bigint;
  readonly signerKeyIds?: readonly Uint8Array[];
}

export class VerifyResults {
  /** Task of packet i, and its index inside that task. */
  private readonly taskOf: Uint32Array;
  private readonly localOf: Uint32Array;

  constructor(private readonly tasks: readonly TaskView[]) {
    let n = 0;
    for (const t of tasks) n += t.packetCount;
    this.taskOf = new Uint32Array(n);
    this.localOf = new Uint32Array(n);
    let i = 0;
    tasks.forEach((t, k) => {
      for (let j = 0; j < t.packetCount; j++, i++) {
        this.taskOf[i] = k;
        this.localOf[i] = j;
      }
    });
  }

  get length(): number {
    return this.taskOf.length;
  }

  private at(i: number): { t: TaskView; rec: number; local: number } {
    if (!Number.isInteger(i) || i < 0 || i >= this.length)
      throw qfsError("E_INTEGER_RANGE", `packet index ${i} out of range`);
    const t = this.tasks[this.taskOf[i] as number] as TaskView;
    const local = this.localOf[i] as number;
    return { t, rec: t.resultsOffset + local * RESULT_RECORD_BYTES, local };
  }

  /** 0 when the packet is structurally valid, else its wire-format code (100–112). */
  decodeCode(i: number): number {
    const { t, rec } = this.at(i);
    return t.dv.getUint16(rec + R.decodeCode, true);
  }

  /** 0 when every stateless check and every signature passed; else the first failure's code. */
  firstErrorCode(i: number): number {
    const { t, rec } = this.at(i);
    return t.dv.getUint16(rec + R.firstErrorCode, true);
  }

  firstErrorSigner(i: number): number {
    const { t, rec } = this.at(i);
    const s = t.dv.getUint8(rec + R.firstErrorSigner);
    return s === NO_SIGNER ? -1 : s;
  }

  /** contracts.md C: bit s set = signer s's signature verified (context QFS-V13/tx, key hashing to its id). */
  verifiedBitmap(i: number): number {
    const { t, rec } = this.at(i);
    return t.dv.getUint8(rec + R.verifiedBitmap);
  }

  signerCount(i: number): number {
    const { t, rec } = this.at(i);
    return t.dv.getUint8(rec + R.signerCount);
  }

  /** Every bitmap in packet order: what the sequencer hands the core with the batch. */
  bitmaps(): Uint8Array {
    const out = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.verifiedBitmap(i);
    return out;
  }

  /** SHA3-256 of the packet (a view; valid while these results are held). Undefined if it did not decode. */
  packetId(i: number): Uint8Array | undefined {
    const { t, rec } = this.at(i);
    if (t.dv.getUint16(rec + R.decodeCode, true) !== 0) return undefined;
    return t.bytes.subarray(rec + R.packetId, rec + R.packetId + 32);
  }

  /** SHA3-256 of the signed body (a view). Undefined if it did not decode. */
  bodyHash(i: number): Uint8Array | undefined {
    const { t, rec } = this.at(i);
    if (t.dv.getUint16(rec + R.decodeCode, true) !== 0) return undefined;
    return t.bytes.subarray(rec + R.bodyHash, rec + R.bodyHash + 32);
  }

  /** The packet bytes as the worker saw them (a view; an over-long input is cut at the limit + 1). */
  packet(i: number): Uint8Array {
    const { t, local } = this.at(i);
    return taskPacket(t, local);
  }

  /** The signed body bytes (a view). Undefined if it did not decode. */
  body(i: number): Uint8Array | undefined {
    const { t, rec, local } = this.at(i);
    if (t.dv.getUint16(rec + R.decodeCode, true) !== 0) return undefined;
    return taskPacket(t, local).subarray(0, t.dv.getUint32(rec + R.bodyLength, true));
  }

  private header(i: number): DataView | undefined {
    if (this.decodeCode(i) !== 0) return undefined;
    const p = this.packet(i);
    return new DataView(p.buffer, p.byteOffset, p.byteLength);
  }

  account(i: number): Uint8Array | undefined {
    return this.decodeCode(i) === 0 ? this.packet(i).subarray(ACCOUNT_AT, ACCOUNT_AT + ID_BYTES) : undefined;
  }

  nonce(i: number): bigint | undefined {
    return this.header(i)?.getBigUint64(NONCE_AT, true);
  }

  timestampMs(i: number): bigint | undefined {
    return this.header(i)?.getBigUint64(TIMESTAMP_AT, true);
  }

  chainId(i: number): number | undefined {
    return this.header(i)?.getUint32(CHAIN_ID_AT, true);
  }

  /** Signer key ids in wire order (views). Undefined if the packet did not decode. */
  signerKeyIds(i: number): Uint8Array[] | undefined {
    if (this.decodeCode(i) !== 0) return undefined;
    const p = this.packet(i);
    return Array.from({ length: this.signerCount(i) }, (_, s) =>
      p.subarray(SIGNERS_AT + s * ID_BYTES, SIGNERS_AT + (s + 1) * ID_BYTES),
    );
  }

  get(i: number): PacketVerifyResult {
    const common = {
      decodeCode: this.decodeCode(i),
      firstErrorCode: this.firstErrorCode(i),
      firstErrorSigner: this.firstErrorSigner(i),
      verifiedBitmap: this.verifiedBitmap(i),
      signerCount: this.signerCount(i),
    };
    if (common.decodeCode !== 0) return common;
    return {
      ...common,
      packetId: this.packetId(i),
      bodyHash: this.bodyHash(i),
      account: this.account(i),
      nonce: this.nonce(i),
      signerKeyIds: this.signerKeyIds(i),
    };
  }
}
