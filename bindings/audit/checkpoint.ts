// Signed checkpoints (docs/audit-log.md): canonical encoding, ML-DSA-87 signatures with context
// `QFS-V13/checkpoint`, and the checkpoint-chain verifier whose failures are CIR-302 codes.
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { sha3_256 } from "../hash.js";
import { mldsaVerify } from "../mldsa.js";
import { isQfsError, qfsError, type QfsError, type QfsErrorName } from "../errors/index.js";
import { bytesEqual, isHash } from "./hashes.js";
import { checkConsistency, checkInclusion, isTreeSize } from "./proof.js";
import { leafHash } from "./hashes.js";
import { checkStateProof, type StateProof } from "../state/smt.js";
import { putU64 } from "../bytes.js";

export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_LEN = 125;
export const CHECKPOINT_CONTEXT = new TextEncoder().encode("QFS-V13/checkpoint");
export const GENESIS_PREV_HASH = new Uint8Array(32);

export interface Checkpoint {
  readonly version: number; // u8, = 1
  readonly chainId: number; // u32
  readonly treeSize: number; // u64 on the wire; < 2^53 here
  readonly auditRoot: Uint8Array; // 32
  readonly stateRoot: Uint8Array; // 32
  readonly seq: number; // u64 on the wire; < 2^53 here
  readonly logicalTimeMs: number; // u64 on the wire; < 2^53 here
  readonly prevHash: Uint8Array; // 32: checkpointHash of the previous checkpoint, zeros at genesis
}

// The one place that verifies an ML-DSA-87 checkpoint signature: the WASM verifier (never throws on
// bad input; returns false).
function mldsa87Verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, ctx: Uint8Array): boolean {
  return mldsaVerify(87, pk, msg, sig, ctx);
}

function getU64(b: Uint8Array, o: number): number | null {
  let x = 0n;
  for (let i = 7; i >= 0; i--) x = (x << 8n) | BigInt(b[o + i]!);
  return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : null;
}

function malformed(why: string): never {
  throw qfsError("E_CHECKPOINT_MALFORMED", why);
}

function validate(cp: Checkpoint): void {
  if (cp === null || typeof cp !== "object") malformed("not an object");
  if (cp.version !== CHECKPOINT_VERSION) malformed("version");
  if (!Number.isInteger(cp.chainId) || cp.chainId < 0 || cp.chainId > 0xffffffff) malformed("chainId is a u32");
  for (const k of ["treeSize", "seq", "logicalTimeMs"] as const) if (!isTreeSize(cp[k])) malformed(`${k} range`);
  for (const k of ["auditRoot", "stateRoot", "prevHash"] as const) if (!isHash(cp[k])) malformed(`${k} length`);
}

// Layout (125 bytes): u8 version | u32 chainId | u64 treeSize | auditRoot[32] | stateRoot[32]
// | u64 seq | u64 logicalTimeMs | prevHash[32]; integers little-endian.
export function encodeCheckpoint(cp: Checkpoint): Uint8Array {
  validate(cp);
  const out = new Uint8Array(CHECKPOINT_LEN);
  out[0] = cp.version;
  for (let i = 0; i < 4; i++) out[1 + i] = (cp.chainId >>> (8 * i)) & 0xff;
  putU64(out, 5, cp.treeSize);
  out.set(cp.auditRoot, 13);
  out.set(cp.stateRoot, 45);
  putU64(out, 77, cp.seq);
  putU64(out, 85, cp.logicalTimeMs);
  out.set(cp.prevHash, 93);
  return out;
}

export function decodeCheckpoint(b: Uint8Array): Checkpoint {
  if (!(b instanceof Uint8Array) || b.length !== CHECKPOINT_LEN) malformed(`length is not ${CHECKPOINT_LEN}`);
  if (b[0] !== CHECKPOINT_VERSION) malformed("version");
  const u64 = (o: number): number => getU64(b, o) ?? malformed("integer above 2^53");
  return {
    version: b[0]!,
    chainId: (b[1]! | (b[2]! << 8) | (b[3]! << 16) | (b[4]! << 24)) >>> 0,
    treeSize: u64(5),
    auditRoot: b.slice(13, 45),
    stateRoot: b.slice(45, 77),
    seq: u64(77),
    logicalTimeMs: u64(85),
    prevHash: b.slice(93, 125),
  };
}

// SHA3-256 of the encoding: what the next checkpoint's prevHash names.
export function checkpointHash(cp: Checkpoint): Uint8Array {
  return sha3_256(encodeCheckpoint(cp));
}

// Node side: signs with the node's ML-DSA-87 secret key (deterministic signing).
export function signCheckpoint(cp: Checkpoint, nodeSecretKey: Uint8Array): Uint8Array {
  return ml_dsa87.sign(encodeCheckpoint(cp), nodeSecretKey, { context: CHECKPOINT_CONTEXT, extraEntropy: false });
}

export function verifyCheckpoint(cp: Checkpoint, signature: Uint8Array, nodePublicKey: Uint8Array): boolean {
  let msg: Uint8Array;
  try {
    msg = encodeCheckpoint(cp);
  } catch {
    return false;
  }
  if (!(signature instanceof Uint8Array) || !(nodePublicKey instanceof Uint8Array)) return false;
  return mldsa87Verify(nodePublicKey, msg, signature, CHECKPOINT_CONTEXT);
}

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly signature: Uint8Array;
  // Consistency proof from the previous checkpoint's tree size to this one's (empty for the first
  // checkpoint of a chain that starts at genesis, or when the size did not change).
  readonly consistency: readonly Uint8Array[];
}

export type ChainVerdict =
  | { readonly ok: true; readonly head: Checkpoint | undefined }
  | { readonly ok: false; readonly index: number; readonly error: QfsError };

export interface ChainOptions {
  // A checkpoint already trusted (verified earlier) that chain[0] follows. Without it, chain[0]
  // must be the genesis checkpoint (prevHash all zeros, consistent with the empty tree).
  readonly after?: Checkpoint;
}

// Verifies a run of checkpoints: each signature, each link (prevHash, chain id, version, seq
// strictly increasing, logical time non-decreasing), and that the log only grew (sizes
// non-decreasing, consistency proof between consecutive checkpoints). The first break is
// returned with its CIR-302 code: E_CHECKPOINT_SIG_INVALID, E_AUDIT_CHAIN_BROKEN or
// E_AUDIT_INCONSISTENT. Never throws.
export function verifyCheckpointChain(
  chain: readonly SignedCheckpoint[],
  nodePublicKey: Uint8Array,
  opts: ChainOptions = {},
): ChainVerdict {
  const broken = (index: number, code: QfsErrorName, why: string): ChainVerdict => ({
    ok: false,
    index,
    error: qfsError(code, why),
  });
  if (!Array.isArray(chain)) return broken(0, "E_AUDIT_CHAIN_BROKEN", "chain is not an array");
  let prev: Checkpoint | undefined = opts.after;
  let prevHash: Uint8Array;
  try {
    prevHash = prev === undefined ? GENESIS_PREV_HASH : checkpointHash(prev);
  } catch {
    return broken(0, "E_AUDIT_CHAIN_BROKEN", "trusted checkpoint is malformed");
  }
  for (let i = 0; i < chain.length; i++) {
    const item = chain[i];
    const cp = item?.checkpoint;
    let hash: Uint8Array;
    try {
      hash = checkpointHash(cp!);
    } catch (e) {
      return broken(i, "E_AUDIT_CHAIN_BROKEN", `malformed checkpoint (${(e as Error).message})`);
    }
    if (!verifyCheckpoint(cp!, item!.signature, nodePublicKey)) {
      return broken(i, "E_CHECKPOINT_SIG_INVALID", `checkpoint seq ${cp!.seq}`);
    }
    const c = cp!;
    if (!bytesEqual(c.prevHash, prevHash)) return broken(i, "E_AUDIT_CHAIN_BROKEN", "prevHash mismatch");
    if (prev !== undefined) {
      if (c.chainId !== prev.chainId) return broken(i, "E_AUDIT_CHAIN_BROKEN", "chain id changed");
      if (c.seq <= prev.seq) return broken(i, "E_AUDIT_CHAIN_BROKEN", "seq not increasing");
      if (c.logicalTimeMs < prev.logicalTimeMs) return broken(i, "E_AUDIT_CHAIN_BROKEN", "logical time decreased");
    }
    const m = prev?.treeSize ?? 0;
    const rootM = prev?.auditRoot ?? sha3_256(new Uint8Array(0));
    if (c.treeSize < m) return broken(i, "E_AUDIT_INCONSISTENT", `tree shrank from ${m} to ${c.treeSize}`);
    const bad = checkConsistency(m, c.treeSize, item!.consistency as Uint8Array[], rootM, c.auditRoot);
    if (bad !== null) return broken(i, "E_AUDIT_INCONSISTENT", `consistency ${m}→${c.treeSize}: ${bad.code}`);
    prev = c;
    prevHash = hash;
  }
  return { ok: true, head: prev };
}

// A receipt check: entry `entry` is leaf `index` of the log committed by a signed checkpoint.
export function checkEntryInCheckpoint(
  entry: Uint8Array,
  index: number,
  proof: readonly Uint8Array[],
  cp: Checkpoint,
  signature: Uint8Array,
  nodePublicKey: Uint8Array,
): QfsError | null {
  if (!verifyCheckpoint(cp, signature, nodePublicKey)) return qfsError("E_CHECKPOINT_SIG_INVALID");
  try {
    return checkInclusion(leafHash(entry), index, cp.treeSize, proof, cp.auditRoot);
  } catch (e) {
    return isQfsError(e) ? e : qfsError("E_AUDIT_ENTRY_MALFORMED");
  }
}

// A balance check: account `key` has state commitment `value` (undefined: has no state) in the
// state root of a signed checkpoint.
export function checkAccountInCheckpoint(
  key: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
  cp: Checkpoint,
  signature: Uint8Array,
  nodePublicKey: Uint8Array,
): QfsError | null {
  if (!verifyCheckpoint(cp, signature, nodePublicKey)) return qfsError("E_CHECKPOINT_SIG_INVALID");
  try {
    return checkStateProof(cp.stateRoot, key, value, proof);
  } catch {
    return qfsError("E_STATE_PROOF_MALFORMED");
  }
}
