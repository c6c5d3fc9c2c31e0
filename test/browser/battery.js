// One battery of checks, run unchanged on the package's Node entry (dist/index.js), on its browser entry
// (dist/browser.js) in Chromium, and on the browser entry in a node:vm context without Node globals. The
// callers compare the three results for equality (and check them against independent references).
//
// Plain ECMAScript only (plus TextEncoder): no Node API, no DOM, so the same file runs everywhere. The result is
// JSON-safe: bigints become "n:<decimal>", bytes "hex:<hex>", thrown errors "throws:<code or name>".

/** Input lengths around the Keccak rates (72, 136, 168) and the core's 64 KiB I/O buffer. */
export const HASH_LENGTHS = [0, 1, 3, 71, 72, 73, 135, 136, 137, 167, 168, 169, 1000, 4096, 65536, 65537, 70001];
/** SHAKE output lengths: empty, short, a block, several blocks, more than the I/O buffer. */
export const SHAKE_OUT = [0, 1, 32, 64, 136, 168, 1000, 70000];

/** The exports each module group needs; a group is exercised when the entry exports all of them. */
export const GROUPS = {
  hash: ["sha3_256", "sha3_512", "shake128", "shake256", "createSha3_256", "createShake128", "createShake256"],
  math: ["mulDiv", "ln", "exp", "sqrt"],
  mldsa: ["mldsaVerify"],
  packet: ["decodePacket", "encodePacket", "wasmDecodePacket", "packetId", "verifyPacketSignatures"],
  audit: [
    "AuditLog",
    "auditLeafHash",
    "verifyInclusion",
    "verifyConsistency",
    "decodeInclusionProof",
    "decodeConsistencyProof",
    "decodeCheckpoint",
    "verifyCheckpoint",
    "checkpointHash",
  ],
  ledger: ["Ledger", "ledgerCodeName"],
};

/** The audit log's entries: AUDIT_ENTRIES deterministic byte strings of varying length. */
export const AUDIT_ENTRIES = 13;
export function auditEntry(i) {
  return input(10 + 37 * i, 100 + i);
}

/** Deterministic bytes: no randomness anywhere in the battery. */
export function input(n, salt) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + salt * 17 + (i >>> 8) * 7) & 0xff;
  return b;
}

export function toHex(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return s;
}

export function fromHex(hex) {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new Error("bad hex");
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** A JSON-safe, key-sorted copy of a value (bigints, byte arrays, nested objects and arrays). */
export function canon(x) {
  if (typeof x === "bigint") return "n:" + x.toString();
  if (x === null || typeof x !== "object") return typeof x === "function" ? "function" : x;
  if (ArrayBuffer.isView(x)) return "hex:" + toHex(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  if (Array.isArray(x)) return x.map(canon);
  const out = {};
  for (const k of Object.keys(x).sort()) out[k] = canon(x[k]);
  return out;
}

function attempt(f) {
  try {
    return canon(f());
  } catch (e) {
    return "throws:" + (e && typeof e === "object" && "code" in e ? e.code : e && e.name);
  }
}

function flip(bytes, at, mask) {
  const c = bytes.slice();
  c[at] ^= mask;
  return c;
}

export function present(api) {
  const out = {};
  for (const [g, names] of Object.entries(GROUPS)) out[g] = names.every((n) => typeof api[n] === "function");
  return out;
}

function hashChecks(api) {
  const r = {};
  for (const n of HASH_LENGTHS) {
    r[`sha3_256/${n}`] = toHex(api.sha3_256(input(n, 1)));
    r[`sha3_512/${n}`] = toHex(api.sha3_512(input(n, 2)));
    r[`shake128/${n}/32`] = toHex(api.shake128(input(n, 3), 32));
    r[`shake256/${n}/64`] = toHex(api.shake256(input(n, 4), 64));
  }
  for (const o of SHAKE_OUT) {
    r[`shake128/200/${o}`] = toHex(api.shake128(input(200, 5), o));
    r[`shake256/200/${o}`] = toHex(api.shake256(input(200, 6), o));
  }
  // Incremental hashers: uneven chunks in, two squeezes out; must equal the one-shot.
  const data = input(5000, 7);
  const cuts = [0, 1, 64, 65, 136, 1000, 3333, 5000];
  const s3 = api.createSha3_256();
  const x128 = api.createShake128();
  const x256 = api.createShake256();
  for (let i = 1; i < cuts.length; i++) {
    const part = data.subarray(cuts[i - 1], cuts[i]);
    s3.update(part);
    x128.update(part);
    x256.update(part);
  }
  r["inc/sha3_256/5000"] = toHex(s3.digest());
  r["inc/shake128/5000/100+900"] = toHex(x128.xof(100)) + toHex(x128.xof(900));
  r["inc/shake256/5000/1+1999"] = toHex(x256.xof(1)) + toHex(x256.xof(1999));
  r["errors/shake128/-1"] = attempt(() => api.shake128(input(1, 0), -1));
  r["errors/sha3_256/array"] = attempt(() => api.sha3_256([1, 2, 3]));
  return r;
}

const ONE = 10n ** 18n;
const U128 = (1n << 128n) - 1n;

function mathChecks(api) {
  const r = {};
  const md = [
    [3n * ONE, 7n, 11n],
    [123456789n, 987654321n, 1000n],
    [U128, U128, U128],
    [U128, 2n, 3n],
    [1n, 1n, 3n],
    [2n, 1n, 3n],
    [5n, 1n, 2n],
    [7n, 1n, 2n],
    [0n, U128, 1n],
    [1n, 1n, 0n],
    [U128, U128, 1n],
  ];
  for (const [a, b, c] of md) {
    for (const mode of ["floor", "ceil", "halfEven"])
      r[`mulDiv/${a}/${b}/${c}/${mode}`] = attempt(() => api.mulDiv(a, b, c, mode));
  }
  for (const x of [ONE, 2n * ONE, ONE / 2n, 1n, 10n ** 30n, 1_618_033_988_749_894_848n, U128, 0n]) {
    r[`ln/${x}`] = attempt(() => api.ln(x));
  }
  for (const x of [0n, ONE, -ONE, 5n * ONE, -5n * ONE, ONE / 3n, 40n * ONE, 48n * ONE, -(60n * ONE)]) {
    r[`exp/${x}`] = attempt(() => api.exp(x));
  }
  for (const x of [0n, 1n, 2n, 3n, 4n, 99n, 10n ** 36n, 10n ** 36n - 1n, U128, U128 + 1n]) {
    r[`sqrt/${x}`] = attempt(() => api.sqrt(x));
  }
  return r;
}

function mldsaChecks(api, cases) {
  const r = {};
  for (const c of cases) {
    const pk = fromHex(c.publicKey);
    const msg = fromHex(c.message);
    const sig = fromHex(c.signature);
    const ctx = c.context === undefined ? undefined : fromHex(c.context);
    const k = `${c.level}/${c.name}`;
    r[`${k}/valid`] = attempt(() => api.mldsaVerify(c.level, pk, msg, sig, ctx));
    r[`${k}/flippedSig`] = attempt(() => api.mldsaVerify(c.level, pk, msg, flip(sig, 100, 0x01), ctx));
    r[`${k}/flippedMsg`] = attempt(() => api.mldsaVerify(c.level, pk, flip(msg, 0, 0x80), sig, ctx));
    r[`${k}/flippedKey`] = attempt(() => api.mldsaVerify(c.level, flip(pk, 40, 0x04), msg, sig, ctx));
    r[`${k}/truncatedSig`] = attempt(() => api.mldsaVerify(c.level, pk, msg, sig.subarray(1), ctx));
  }
  return r;
}

function packetChecks(api, fx) {
  const r = {};
  const bytes = fromHex(fx.bytes);
  const keys = new Map(fx.keys.map((k) => [k.keyId, { level: k.level, publicKey: fromHex(k.publicKey) }]));
  const lookup = (id) => keys.get(toHex(id));
  r.decoded = attempt(() => api.decodePacket(bytes));
  r.reencoded = attempt(() => api.encodePacket(api.decodePacket(bytes)));
  r.packetId = attempt(() => api.packetId(bytes));
  r.wasm = attempt(() => api.wasmDecodePacket(bytes));
  r.verify = attempt(() => api.verifyPacketSignatures(bytes, lookup));
  r.verifyFlippedSig = attempt(() => api.verifyPacketSignatures(flip(bytes, bytes.length - 100, 0x10), lookup));
  r.truncated = attempt(() => api.decodePacket(bytes.subarray(0, bytes.length - 1)));
  r.wasmTruncated = attempt(() => api.wasmDecodePacket(bytes.subarray(0, 40)));
  return r;
}

function auditChecks(api, fx) {
  const r = {};
  const log = new api.AuditLog();
  for (let i = 0; i < AUDIT_ENTRIES; i++) log.append(auditEntry(i));
  const root = log.root();
  const root6 = log.root(6);
  r.root = toHex(root);
  r.root6 = toHex(root6);
  r.ownInclusion = attempt(() => log.inclusionProof(fx.inclusionIndex, AUDIT_ENTRIES));
  r.ownConsistency = attempt(() => log.consistencyProof(6, AUDIT_ENTRIES));
  // The proofs this environment made must verify, not only match the other environment's bytes.
  r.ownInclusionVerifies = attempt(() =>
    api.verifyInclusion(
      api.auditLeafHash(auditEntry(fx.inclusionIndex)),
      fx.inclusionIndex,
      AUDIT_ENTRIES,
      log.inclusionProof(fx.inclusionIndex, AUDIT_ENTRIES),
      root,
    ),
  );
  r.ownConsistencyVerifies = attempt(() =>
    api.verifyConsistency(6, AUDIT_ENTRIES, log.consistencyProof(6, AUDIT_ENTRIES), root6, root),
  );
  if (api.wasmAuditTree && typeof api.wasmAuditTree.append === "function") {
    r.wasmRoot = attempt(() => {
      api.wasmAuditTree.reset();
      for (let i = 0; i < AUDIT_ENTRIES; i++) api.wasmAuditTree.append(auditEntry(i));
      return api.wasmAuditTree.root();
    });
  }
  const inc = api.decodeInclusionProof(fromHex(fx.inclusion));
  const leaf = api.auditLeafHash(auditEntry(inc.index));
  r.inclusion = attempt(() => api.verifyInclusion(leaf, inc.index, inc.size, inc.path, root));
  r.inclusionWrongLeaf = attempt(() =>
    api.verifyInclusion(api.auditLeafHash(auditEntry(inc.index + 1)), inc.index, inc.size, inc.path, root),
  );
  r.inclusionWrongRoot = attempt(() => api.verifyInclusion(leaf, inc.index, inc.size, inc.path, flip(root, 0, 1)));
  const con = api.decodeConsistencyProof(fromHex(fx.consistency));
  r.consistency = attempt(() => api.verifyConsistency(con.m, con.n, con.path, root6, root));
  r.consistencySwapped = attempt(() => api.verifyConsistency(con.m, con.n, con.path, root, root6));
  const cp = api.decodeCheckpoint(fromHex(fx.checkpoint));
  const sig = fromHex(fx.signature);
  const pk = fromHex(fx.publicKey);
  r.checkpoint = canon(cp);
  r.checkpointHash = attempt(() => api.checkpointHash(cp));
  r.checkpointRootMatches = toHex(cp.auditRoot) === r.root;
  r.checkpointSig = attempt(() => api.verifyCheckpoint(cp, sig, pk));
  r.checkpointFlippedSig = attempt(() => api.verifyCheckpoint(cp, flip(sig, 7, 0x20), pk));
  r.checkpointOtherSeq = attempt(() => api.verifyCheckpoint({ ...cp, seq: cp.seq + 1 }, sig, pk));
  return r;
}

// The state machine: the same genesis and signed packets must give the same state roots everywhere (SPEC §1).
function ledgerChecks(api, fx) {
  const r = {};
  const genesis = {
    chainId: fx.genesis.chainId,
    timeMs: BigInt(fx.genesis.timeMs),
    councilThreshold: 2n,
    keys: fx.genesis.keys.map((k) => ({ publicKey: fromHex(k.publicKey), roles: k.roles })),
    accountSlots: 64,
    keySlots: 16,
  };
  const log = fx.batches.map((b) => ({
    header: { seq: BigInt(b.seq), timeMs: BigInt(b.timeMs) },
    packets: b.packets.map(fromHex),
  }));
  const accounts = (l) => fx.accounts.map((a) => canon(l.getAccount(fromHex(a)) ?? null));
  const live = api.Ledger.create(genesis);
  r.live = log.map((b) => {
    const res = live.applyWireBatch(b.header, b.packets);
    return {
      outcomes: res.outcomes.map((c) => api.ledgerCodeName(c)),
      events: canon(res.events),
      root: toHex(res.stateRoot),
    };
  });
  r.liveAccounts = accounts(live);
  if (typeof api.Ledger.replay === "function") {
    const { ledger, roots } = api.Ledger.replay(genesis, log);
    r.replayRoots = roots.map(toHex);
    r.replayAccounts = accounts(ledger);
  }
  // A tampered signature: the core verifies every signature by default and rejects the packet.
  const tampered = api.Ledger.create(genesis);
  const first = log[0];
  const bad = flip(first.packets[0], first.packets[0].length - 10, 1);
  r.tampered = attempt(() => tampered.applyWireBatch(first.header, [bad]).outcomes.map((c) => api.ledgerCodeName(c)));
  return r;
}

/**
 * Runs every check whose exports the entry has. `fixture` (made in Node, see fixture.ts) holds the ML-DSA
 * signatures, the encoded packet, and the audit proofs and signed checkpoint, as hex.
 */
export async function runBattery(api, fixture) {
  const has = present(api);
  // Exported constants (sizes, codes, token ids, PHI, ...): the same values on every platform.
  const constants = {};
  for (const k of Object.keys(api).sort()) {
    const v = api[k];
    if (
      typeof v !== "function" &&
      (typeof v !== "object" || v === null || !Object.values(v).some((x) => typeof x === "function"))
    ) {
      constants[k] = canon(v);
    }
  }
  return {
    exports: Object.keys(api).sort(),
    constants,
    present: has,
    hash: has.hash ? hashChecks(api) : null,
    math: has.math ? mathChecks(api) : null,
    mldsa: has.mldsa ? mldsaChecks(api, fixture.mldsa) : null,
    packet: has.packet ? packetChecks(api, fixture.packet) : null,
    audit: has.audit ? auditChecks(api, fixture.audit) : null,
    ledger: has.ledger ? ledgerChecks(api, fixture.ledger) : null,
  };
}
