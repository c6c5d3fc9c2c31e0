// The typed boundary between the bindings and build/core.wasm: every export of the core with its
// signature, in one place. Bindings reach the core only through `CoreInstance.exports` (runtime.ts),
// typed by these interfaces, never through an ad-hoc cast. test/core/exports.test.ts checks this
// file against the compiled modules: every name here exists with this kind and these WASM value
// types, and every export of a module is listed here (test hooks only in the test build).
//
// WASM i32 is a JS number, i64 a bigint (both directions); pointers and lengths are i32 byte
// offsets into the instance's memory. Results of i32 functions are signed: read u32 with `>>> 0`.

type Op2 = (a0: bigint, a1: bigint, b0: bigint, b1: bigint) => number;
type Op2Rounded = (a0: bigint, a1: bigint, b0: bigint, b1: bigint, rounding: number) => number;
type Op1 = (a0: bigint, a1: bigint) => number;

/** SHA-3/SHAKE over the I/O buffer and the Keccak scratch state (assembly/crypto/exports.ts). */
export interface HashExports {
  ioPtr(): number;
  ioCapacity(): number;
  hashStatePtr(): number;
  sha3_256(inLen: number): number;
  sha3_512(inLen: number): number;
  shake128(inLen: number, outLen: number): number;
  shake256(inLen: number, outLen: number): number;
  hashAbsorb(rate: number, pos: number, inLen: number): number;
  hashFinalize(rate: number, pos: number, ds: number, outLen: number): number;
  hashSqueeze(rate: number, pos: number, outLen: number): number;
  keccakPermuteIo(count: number): number;
  /** I/O buffer size in bytes (the same value as ioCapacity()). */
  readonly IO_CAPACITY: WebAssembly.Global;
  /** The status code of a rejected hash argument. */
  readonly E_HASH_ARG: WebAssembly.Global;
}

/** The ledger state machine (assembly/ledger/ledger_exports.ts). */
export interface LedgerExports {
  ledgerInit(chainId: number, accountSlots: number, keySlots: number): number;
  ledgerApplyBatch(seq: bigint, timeMs: bigint, nPackets: number, inputLen: number, mode: number): number;
  ledgerApplyWireBatch(seq: bigint, timeMs: bigint, nPackets: number, inputLen: number, mode: number): number;
  ledgerInputPtr(): number;
  ledgerInputCapacity(): number;
  ledgerOutcomesPtr(): number;
  ledgerEventsPtr(): number;
  ledgerEventsLen(): number;
  ledgerGlobalsPtr(): number;
  ledgerPubKeyArenaPtr(): number;
  ledgerQueryPtr(): number;
  ledgerVerifiedPtr(): number;
  ledgerPrepareWireBatch(seq: bigint, timeMs: bigint, nPackets: number, inputLen: number, mode: number): number;
  ledgerCommit(): number;
  ledgerAbort(): number;
  ledgerIsPending(): number;
  ledgerWriteSetPtr(p: number): number;
  ledgerWriteSetLen(p: number): number;
  ledgerAuditEntriesPtr(): number;
  ledgerAuditEntriesLen(): number;
  ledgerAuditEntryCount(): number;
  ledgerPacketHashesPtr(): number;
  ledgerAuditRebuild(): number;
  ledgerAuditSize(): bigint;
  ledgerAuditRootPtr(): number;
  ledgerReserve(accounts: number, keys: number, pkBytes: number): number;
  ledgerAccountCapacity(): number;
  ledgerKeyCapacity(): number;
  ledgerPubKeyArenaCapacity(): number;
  ledgerLoadBegin(): number;
  ledgerLoadAccounts(n: number, flags: number): number;
  ledgerLoadBalances(token: number, n: number): number;
  ledgerLoadKeys(n: number, inputLen: number, flags: number): number;
  ledgerLoadFinish(): number;
  ledgerAccountSlots(): number;
  ledgerAccountSlotPtr(i: number): number;
  ledgerKeySlots(): number;
  ledgerKeySlotPtr(i: number): number;
  ledgerAccountFind(): number;
  ledgerKeyFind(): number;
  ledgerCheckInvariants(): number;
  ledgerViolatedToken(): number;
  ledgerIsHalted(): number;
}

/** Certified u128 / UD128 math; results at mathResultPtr() (assembly/math/exports.ts). */
export interface MathExports {
  mathResultPtr(): number;
  mathAdd: Op2;
  mathSub: Op2;
  mathMul: Op2;
  mathDiv: Op2;
  mathMod: Op2;
  mathMin: Op2;
  mathMax: Op2;
  mathCmp: Op2;
  mathMulDiv(a0: bigint, a1: bigint, b0: bigint, b1: bigint, c0: bigint, c1: bigint, rounding: number): number;
  mathPow(a0: bigint, a1: bigint, e: number): number;
  mathSqrt: Op1;
  mathFpMul: Op2Rounded;
  mathFpDiv: Op2Rounded;
  mathFpSqrt: Op1;
  mathLn: Op1;
  mathLog2: Op1;
  mathExp: Op1;
  mathFpPow: Op2;
  mathPhi(): bigint;
  mathScale(): bigint;
  mathTraceStart(): void;
  mathTraceStop(): void;
  mathTraceDigest(): number;
  mathTraceCount(): number;
  mathTracing(): number;
}

/** ML-DSA verification (assembly/mldsa/exports.ts). */
export interface MldsaExports {
  mldsaPkPtr(): number;
  mldsaSigPtr(): number;
  mldsaMsgPtr(): number;
  mldsaMsgCapacity(): number;
  mldsaMuPtr(): number;
  mldsaBatchPtr(): number;
  mldsaBatchCapacity(): number;
  mldsaBatchMaxItems(): number;
  mldsaResultPtr(): number;
  mldsaVerifyInternal(level: number, pkLen: number, sigLen: number, msgLen: number): number;
  mldsaVerifyMu(level: number, pkLen: number, sigLen: number): number;
  mldsaStreamBegin(level: number, pkLen: number): number;
  mldsaStreamAbsorb(len: number): number;
  mldsaStreamFinish(sigLen: number): number;
  mldsaVerifyBatch(count: number, used: number): number;
  mldsaCacheSetEnabled(on: number): void;
  mldsaCacheEnabled(): number;
  mldsaCacheClear(): void;
  mldsaCacheHits(): number;
  mldsaCacheMisses(): number;
  mldsaCacheEntries(): number;
  mldsaCacheCapacity(): number;
  mldsaCacheSlotBytes(): number;
  readonly MLDSA_MSG_CAPACITY: WebAssembly.Global;
  readonly MLDSA_BATCH_CAPACITY: WebAssembly.Global;
  readonly MLDSA_BATCH_MAX_ITEMS: WebAssembly.Global;
}

/** ML-DSA signing (assembly/mldsa/sign_exports.ts): each sign returns the signature length or a negative code. */
export interface MldsaSignExports {
  mldsaSignSkPtr(): number;
  mldsaSignRndPtr(): number;
  mldsaSignMuPtr(): number;
  mldsaSignSigPtr(): number;
  mldsaSignInternal(level: number, skLen: number, msgLen: number, hedged: number): number;
  mldsaSignMu(level: number, skLen: number, hedged: number): number;
}

/** The DRV packet decoder (assembly/ledger/packet.ts). */
export interface PacketExports {
  packetInPtr(): number;
  packetDecode(len: number): number;
  packetErrorOffset(): number;
  packetBodyLength(): number;
  packetSignerCount(): number;
  packetOpCount(): number;
  packetChainId(): number;
  packetAccountPtr(): number;
  packetNonce(): bigint;
  packetTimestamp(): bigint;
  packetSignerOffset(i: number): number;
  packetOpType(i: number): number;
  packetOpOffset(i: number): number;
  packetSigLevel(i: number): number;
  packetSigOffset(i: number): number;
}

/** RFC 9162 hashes and the frontier tree builder (assembly/audit/merkle.ts). */
export interface AuditExports {
  auditLeafHash(len: number): number;
  auditNodeHash(): number;
  auditTreeReset(): void;
  auditTreeSize(): bigint;
  auditTreeAppend(len: number): number;
  auditTreeAppendLeafHash(): number;
  auditTreeRoot(): number;
  auditTreeSave(): number;
  auditTreeLoad(size: bigint): number;
}

/** The sparse Merkle state tree (assembly/state/smt.ts). */
export interface SmtExports {
  smtInit(leafCap: number, nodeCap: number): number;
  smtClear(): void;
  smtSize(): number;
  smtNodeCount(): number;
  smtTakeHashCount(): number;
  smtSet(): number;
  smtDelete(): number;
  smtGet(): number;
  smtRoot(): number;
  smtProve(): number;
  smtLeafHash(): number;
  smtNodeHash(): number;
}

/**
 * Hooks into internals (NTT, Keccak, ExpandA, the SIMD switch, a deliberate supply corruption) for
 * tests. Only the test build exports them (assembly/test-entry.ts -> build/core-test.wasm; tests
 * load it through test/helpers/test-core.ts); the shipped core.wasm has none.
 */
export interface CoreTestHooks {
  ledgerTestCorruptSupply(token: number, lo: bigint, hi: bigint): void;
  ledgerTestCorruptStakeTotal(lo: bigint, hi: bigint): void;
  ledgerTestSetLimits(accountSlots: number, keySlots: number, pkArenaBytes: number): void;
  ledgerTestCapMemoryGrowth(extraPages: number): void;
  ledgerTestLimits(undoBytes: number, writeSetBytes: number): void;
  ledgerTestAccountRemove(): number;
  ledgerTestKeyRemove(): number;
  mldsaSetSimd(on: number): void;
  mldsaTestPolyPtr(): number;
  mldsaTestPoly2Ptr(): number;
  mldsaTestPoly3Ptr(): number;
  mldsaTestStatePtr(): number;
  mldsaTestNtt(): void;
  mldsaTestInvNtt(): void;
  mldsaTestNttSimd(): void;
  mldsaTestInvNttSimd(): void;
  mldsaTestMontReduce(a: bigint): number;
  mldsaTestReduce32(a: number): number;
  mldsaTestDecodeSig(level: number, sigLen: number): number;
  mldsaTestPolyOp(op: number, simd: number): void;
  mldsaTestKeccak(x2: number): void;
  mldsaTestExpandA(colA: number, rowA: number, colB: number, rowB: number, x2: number): void;
  mldsaTestTrBeside(pkLen: number, col: number, row: number): number;
  mldsaTestUseHint(h: number, gamma2Is32: number, simd: number): void;
  mldsaTestUnpack(level: number, what: number, simd: number): number;
}

/** Every export of build/core.wasm. */
export interface CoreExports
  extends
    HashExports,
    LedgerExports,
    MathExports,
    MldsaExports,
    MldsaSignExports,
    PacketExports,
    AuditExports,
    SmtExports {
  readonly memory: WebAssembly.Memory;
}

/** Every export of build/core-test.wasm: the shipped exports and the hooks. */
export interface CoreTestExports extends CoreExports, CoreTestHooks {}

// ---- The same list as data, for the test that holds it against the module ----

type WasmValue<T> = T extends bigint ? "i64" : T extends number ? "i32" : never;
type WasmParams<P extends readonly unknown[]> = P extends readonly [infer H, ...infer R]
  ? R extends readonly []
    ? WasmValue<H>
    : `${WasmValue<H>},${WasmParams<R>}`
  : "";
type WasmResult<T> = T extends void ? "" : WasmValue<T>;
/** A function's WASM signature as written by test/helpers/wasm-signatures.ts: "(i64,i32)->i32". */
export type WasmSignature<F> = F extends (...args: infer P) => infer R ? `(${WasmParams<P>})->${WasmResult<R>}` : never;

type ExportSpec<T> = T extends WebAssembly.Memory
  ? "memory"
  : T extends WebAssembly.Global
    ? "global"
    : T extends (...args: never[]) => unknown
      ? WasmSignature<T>
      : never;

/**
 * Each export's kind ("memory", "global") or, for a function, its WASM signature. The type makes
 * this table list exactly the keys of CoreExports, each with the signature its TS type implies.
 */
export const CORE_EXPORT_SPECS: { readonly [K in keyof CoreExports]-?: ExportSpec<CoreExports[K]> } = {
  memory: "memory",
  IO_CAPACITY: "global",
  E_HASH_ARG: "global",
  ioPtr: "()->i32",
  ioCapacity: "()->i32",
  hashStatePtr: "()->i32",
  sha3_256: "(i32)->i32",
  sha3_512: "(i32)->i32",
  shake128: "(i32,i32)->i32",
  shake256: "(i32,i32)->i32",
  hashAbsorb: "(i32,i32,i32)->i32",
  hashFinalize: "(i32,i32,i32,i32)->i32",
  hashSqueeze: "(i32,i32,i32)->i32",
  keccakPermuteIo: "(i32)->i32",
  ledgerInit: "(i32,i32,i32)->i32",
  ledgerApplyBatch: "(i64,i64,i32,i32,i32)->i32",
  ledgerApplyWireBatch: "(i64,i64,i32,i32,i32)->i32",
  ledgerInputPtr: "()->i32",
  ledgerInputCapacity: "()->i32",
  ledgerOutcomesPtr: "()->i32",
  ledgerEventsPtr: "()->i32",
  ledgerEventsLen: "()->i32",
  ledgerGlobalsPtr: "()->i32",
  ledgerPubKeyArenaPtr: "()->i32",
  ledgerQueryPtr: "()->i32",
  ledgerVerifiedPtr: "()->i32",
  ledgerPrepareWireBatch: "(i64,i64,i32,i32,i32)->i32",
  ledgerCommit: "()->i32",
  ledgerAbort: "()->i32",
  ledgerIsPending: "()->i32",
  ledgerWriteSetPtr: "(i32)->i32",
  ledgerWriteSetLen: "(i32)->i32",
  ledgerAuditEntriesPtr: "()->i32",
  ledgerAuditEntriesLen: "()->i32",
  ledgerAuditEntryCount: "()->i32",
  ledgerPacketHashesPtr: "()->i32",
  ledgerAuditRebuild: "()->i32",
  ledgerAuditSize: "()->i64",
  ledgerAuditRootPtr: "()->i32",
  ledgerReserve: "(i32,i32,i32)->i32",
  ledgerAccountCapacity: "()->i32",
  ledgerKeyCapacity: "()->i32",
  ledgerPubKeyArenaCapacity: "()->i32",
  ledgerLoadBegin: "()->i32",
  ledgerLoadAccounts: "(i32,i32)->i32",
  ledgerLoadBalances: "(i32,i32)->i32",
  ledgerLoadKeys: "(i32,i32,i32)->i32",
  ledgerLoadFinish: "()->i32",
  ledgerAccountSlots: "()->i32",
  ledgerAccountSlotPtr: "(i32)->i32",
  ledgerKeySlots: "()->i32",
  ledgerKeySlotPtr: "(i32)->i32",
  ledgerAccountFind: "()->i32",
  ledgerKeyFind: "()->i32",
  ledgerCheckInvariants: "()->i32",
  ledgerViolatedToken: "()->i32",
  ledgerIsHalted: "()->i32",
  mathResultPtr: "()->i32",
  mathAdd: "(i64,i64,i64,i64)->i32",
  mathSub: "(i64,i64,i64,i64)->i32",
  mathMul: "(i64,i64,i64,i64)->i32",
  mathDiv: "(i64,i64,i64,i64)->i32",
  mathMod: "(i64,i64,i64,i64)->i32",
  mathMin: "(i64,i64,i64,i64)->i32",
  mathMax: "(i64,i64,i64,i64)->i32",
  mathCmp: "(i64,i64,i64,i64)->i32",
  mathMulDiv: "(i64,i64,i64,i64,i64,i64,i32)->i32",
  mathPow: "(i64,i64,i32)->i32",
  mathSqrt: "(i64,i64)->i32",
  mathFpMul: "(i64,i64,i64,i64,i32)->i32",
  mathFpDiv: "(i64,i64,i64,i64,i32)->i32",
  mathFpSqrt: "(i64,i64)->i32",
  mathLn: "(i64,i64)->i32",
  mathLog2: "(i64,i64)->i32",
  mathExp: "(i64,i64)->i32",
  mathFpPow: "(i64,i64,i64,i64)->i32",
  mathPhi: "()->i64",
  mathScale: "()->i64",
  mathTraceStart: "()->",
  mathTraceStop: "()->",
  mathTraceDigest: "()->i32",
  mathTraceCount: "()->i32",
  mathTracing: "()->i32",
  MLDSA_MSG_CAPACITY: "global",
  MLDSA_BATCH_CAPACITY: "global",
  MLDSA_BATCH_MAX_ITEMS: "global",
  mldsaPkPtr: "()->i32",
  mldsaSigPtr: "()->i32",
  mldsaMsgPtr: "()->i32",
  mldsaMsgCapacity: "()->i32",
  mldsaMuPtr: "()->i32",
  mldsaBatchPtr: "()->i32",
  mldsaBatchCapacity: "()->i32",
  mldsaBatchMaxItems: "()->i32",
  mldsaResultPtr: "()->i32",
  mldsaVerifyInternal: "(i32,i32,i32,i32)->i32",
  mldsaVerifyMu: "(i32,i32,i32)->i32",
  mldsaStreamBegin: "(i32,i32)->i32",
  mldsaStreamAbsorb: "(i32)->i32",
  mldsaStreamFinish: "(i32)->i32",
  mldsaVerifyBatch: "(i32,i32)->i32",
  mldsaCacheSetEnabled: "(i32)->",
  mldsaCacheEnabled: "()->i32",
  mldsaCacheClear: "()->",
  mldsaCacheHits: "()->i32",
  mldsaCacheMisses: "()->i32",
  mldsaCacheEntries: "()->i32",
  mldsaCacheCapacity: "()->i32",
  mldsaCacheSlotBytes: "()->i32",
  mldsaSignSkPtr: "()->i32",
  mldsaSignRndPtr: "()->i32",
  mldsaSignMuPtr: "()->i32",
  mldsaSignSigPtr: "()->i32",
  mldsaSignInternal: "(i32,i32,i32,i32)->i32",
  mldsaSignMu: "(i32,i32,i32)->i32",
  packetInPtr: "()->i32",
  packetDecode: "(i32)->i32",
  packetErrorOffset: "()->i32",
  packetBodyLength: "()->i32",
  packetSignerCount: "()->i32",
  packetOpCount: "()->i32",
  packetChainId: "()->i32",
  packetAccountPtr: "()->i32",
  packetNonce: "()->i64",
  packetTimestamp: "()->i64",
  packetSignerOffset: "(i32)->i32",
  packetOpType: "(i32)->i32",
  packetOpOffset: "(i32)->i32",
  packetSigLevel: "(i32)->i32",
  packetSigOffset: "(i32)->i32",
  auditLeafHash: "(i32)->i32",
  auditNodeHash: "()->i32",
  auditTreeReset: "()->",
  auditTreeSize: "()->i64",
  auditTreeAppend: "(i32)->i32",
  auditTreeAppendLeafHash: "()->i32",
  auditTreeRoot: "()->i32",
  auditTreeSave: "()->i32",
  auditTreeLoad: "(i64)->i32",
  smtInit: "(i32,i32)->i32",
  smtClear: "()->",
  smtSize: "()->i32",
  smtNodeCount: "()->i32",
  smtTakeHashCount: "()->i32",
  smtSet: "()->i32",
  smtDelete: "()->i32",
  smtGet: "()->i32",
  smtRoot: "()->i32",
  smtProve: "()->i32",
  smtLeafHash: "()->i32",
  smtNodeHash: "()->i32",
};

/** The hooks' signatures: exported by build/core-test.wasm only, never by build/core.wasm. */
export const CORE_TEST_HOOK_SPECS: { readonly [K in keyof CoreTestHooks]-?: ExportSpec<CoreTestHooks[K]> } = {
  ledgerTestCorruptSupply: "(i32,i64,i64)->",
  ledgerTestCorruptStakeTotal: "(i64,i64)->",
  ledgerTestSetLimits: "(i32,i32,i32)->",
  ledgerTestCapMemoryGrowth: "(i32)->",
  ledgerTestLimits: "(i32,i32)->",
  ledgerTestAccountRemove: "()->i32",
  ledgerTestKeyRemove: "()->i32",
  mldsaSetSimd: "(i32)->",
  mldsaTestPolyPtr: "()->i32",
  mldsaTestPoly2Ptr: "()->i32",
  mldsaTestPoly3Ptr: "()->i32",
  mldsaTestStatePtr: "()->i32",
  mldsaTestNtt: "()->",
  mldsaTestInvNtt: "()->",
  mldsaTestNttSimd: "()->",
  mldsaTestInvNttSimd: "()->",
  mldsaTestMontReduce: "(i64)->i32",
  mldsaTestReduce32: "(i32)->i32",
  mldsaTestDecodeSig: "(i32,i32)->i32",
  mldsaTestPolyOp: "(i32,i32)->",
  mldsaTestKeccak: "(i32)->",
  mldsaTestExpandA: "(i32,i32,i32,i32,i32)->",
  mldsaTestTrBeside: "(i32,i32,i32)->i32",
  mldsaTestUseHint: "(i32,i32,i32)->",
  mldsaTestUnpack: "(i32,i32,i32)->i32",
};
