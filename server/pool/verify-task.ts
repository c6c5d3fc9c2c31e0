// What one worker does with one task: for every packet, decode it with the WASM decoder, check the
// stateless rules (chain id, each signer's key known and of the signature's level), then verify
// every signature that can be verified in ONE mldsaVerifyBatch call, and write a result record per
// packet into the task buffer. Runs on the worker's own core (one per thread); no state is kept
// between tasks except the key-hash cache below.
// The Node entry of the bindings: compiles core.wasm for this thread at import; the calls below run on
// the thread's scratch instance (bindings/runtime.ts), instantiated on first use.
import "../../bindings/load-node.js";
import { sha3_256 } from "../../bindings/hash.js";
import { mldsaVerifyBatch, type MldsaBatchItem, type MldsaLevel } from "../../bindings/mldsa.js";
import { CONTEXT_TX, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, isLevel } from "../../bindings/packet/types.js";
import { wasmDecodePacket, wasmPacketLayout } from "../../bindings/packet/wasm.js";
import { PoolCode } from "./errors.js";
import { KeyHashCache } from "./key-cache.js";
import {
  KEY_ID_BYTES,
  NO_SIGNER,
  R,
  RESULT_RECORD_BYTES,
  hexId,
  readTask,
  taskKeys,
  taskPacket,
} from "./task-format.js";
import type { TaskView } from "./task-format.js";

const SIGNERS_AT = 64;

interface PendingSig {
  readonly packet: number;
  readonly signer: number;
}

/** Per packet while the task runs: the first error of each signer (0 = verifiable), in signer order. */
interface PacketState {
  signerCodes: number[];
}

export interface VerifyTaskOptions {
  /** Cache of key ids whose public key this worker already hashed (bounded); undefined: hash every key every task. */
  readonly keyCache?: KeyHashCache;
}

/** Runs a task in place. Throws QfsError E_POOL_TASK_MALFORMED only for a framing bug, never for packet content. */
export function runVerifyTask(buf: ArrayBuffer, opts: VerifyTaskOptions = {}): void {
  const t = readTask(buf);
  const keys = taskKeys(t);
  const items: MldsaBatchItem[] = [];
  const pending: PendingSig[] = [];
  const states: (PacketState | undefined)[] = new Array<PacketState | undefined>(t.packetCount);
  // Keys whose SHA3-256 matches their id, decided once per key per task (or once per worker with the cache).
  const keyOk = new Map<string, boolean>();
  const checkKey = (hex: string, id: Uint8Array, pk: Uint8Array): boolean => {
    let ok = keyOk.get(hex);
    if (ok === undefined) {
      ok = opts.keyCache?.has(hex, pk) ?? false;
      if (!ok) {
        ok = equalBytes(sha3_256(pk), id);
        if (ok) opts.keyCache?.add(hex, pk);
      }
      keyOk.set(hex, ok);
    }
    return ok;
  };
  for (let i = 0; i < t.packetCount; i++) {
    const rec = t.resultsOffset + i * RESULT_RECORD_BYTES;
    const packet = taskPacket(t, i);
    const dec = wasmDecodePacket(packet);
    if (dec.code !== 0) {
      t.dv.setUint16(rec + R.decodeCode, dec.code, true);
      t.dv.setUint16(rec + R.firstErrorCode, dec.code, true);
      t.dv.setUint8(rec + R.firstErrorSigner, NO_SIGNER);
      continue;
    }
    // Read the decoder's layout before any other WASM call can decode another packet.
    const layout = wasmPacketLayout();
    const body = packet.subarray(0, dec.bodyLength);
    const signerCount = layout.sigLevels.length;
    t.dv.setUint8(rec + R.signerCount, signerCount);
    t.dv.setUint32(rec + R.bodyLength, dec.bodyLength, true);
    t.bytes.set(sha3_256(packet), rec + R.packetId);
    t.bytes.set(sha3_256(body), rec + R.bodyHash);
    if (layout.chainId !== t.chainId) {
      t.dv.setUint16(rec + R.firstErrorCode, PoolCode.E_CHAIN_ID, true);
      t.dv.setUint8(rec + R.firstErrorSigner, NO_SIGNER);
      continue; // a packet for another chain is refused whatever its signatures: do not spend a verify on it
    }
    const state: PacketState = { signerCodes: [] };
    states[i] = state;
    for (let s = 0; s < signerCount; s++) {
      const idAt = SIGNERS_AT + s * KEY_ID_BYTES;
      const hex = hexId(packet, idAt);
      const key = keys.get(hex);
      const level = layout.sigLevels[s] as number;
      const sigAt = layout.sigOffsets[s] as number;
      let code = 0;
      if (key === undefined || !checkKey(hex, packet.subarray(idAt, idAt + KEY_ID_BYTES), key.publicKey)) {
        code = PoolCode.E_KEY_UNKNOWN;
      } else if (key.level !== level || !isLevel(level) || key.publicKey.length !== PUBLIC_KEY_BYTES[level]) {
        code = PoolCode.E_KEY_LEVEL_MISMATCH;
      } else {
        items.push({
          level: level as MldsaLevel,
          publicKey: key.publicKey,
          message: body,
          signature: packet.subarray(sigAt, sigAt + SIGNATURE_BYTES[level]),
          context: CONTEXT_TX,
        });
        pending.push({ packet: i, signer: s });
      }
      state.signerCodes.push(code);
    }
  }
  // One WASM batch call for every signature of the task (split by the binding only past its buffer).
  const verified = items.length === 0 ? [] : mldsaVerifyBatch(items);
  verified.forEach((ok, k) => {
    const { packet, signer } = pending[k] as PendingSig;
    const state = states[packet] as PacketState;
    if (ok) {
      const rec = t.resultsOffset + packet * RESULT_RECORD_BYTES;
      t.dv.setUint8(rec + R.verifiedBitmap, t.dv.getUint8(rec + R.verifiedBitmap) | (1 << signer));
    } else {
      state.signerCodes[signer] = PoolCode.E_SIG_INVALID;
    }
  });
  writeFirstErrors(t, states);
}

function writeFirstErrors(t: TaskView, states: readonly (PacketState | undefined)[]): void {
  states.forEach((state, i) => {
    if (state === undefined) return;
    const rec = t.resultsOffset + i * RESULT_RECORD_BYTES;
    const first = state.signerCodes.findIndex((c) => c !== 0);
    t.dv.setUint16(rec + R.firstErrorCode, first < 0 ? 0 : (state.signerCodes[first] as number), true);
    t.dv.setUint8(rec + R.firstErrorSigner, first < 0 ? NO_SIGNER : first);
  });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
