// Getting started with QFS V13, end to end (examples/README.md):
//   keys → genesis → signed DRV packets → sequenced batches (ledger, audit log, signed checkpoints)
//   → inclusion proof of a packet's audit entries and account state proofs against a checkpoint
//   → replay log → `qfs replay` reaching the same state root.
//
// Run: npx tsx examples/getting-started.ts [OUTDIR]      (after `npm install`, which builds)
//
// Everything is deterministic: keys come from fixed seeds, ML-DSA signing is deterministic and the
// logical times are fixed, so every run prints the same roots. The script checks what it claims
// (each packet's outcome, each proof, the replayed root) and exits 1 if anything differs.
// Only the public API of the package entry is used (bindings/index.ts = the `qfs-v13` import).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  accountId,
  AuditLog,
  batchAuditEntries,
  checkAccountInCheckpoint,
  checkEntryInCheckpoint,
  checkpointHash,
  decodeEntry,
  encodeEntry,
  encodePacket,
  encodeStateProof,
  generateKeyPair,
  genesisAuditEntries,
  ledgerCodeName,
  ops,
  packetEntry,
  packetId,
  ReplaySequencer,
  serializeReplayLog,
  sha3_256,
  signPacket,
  Token,
  verifyCheckpointChain,
  type Checkpoint,
  type KeyPair,
  type Level,
  type Operation,
  type SignedCheckpoint,
} from "../bindings/index.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const enc = new TextEncoder();
const E18 = 10n ** 18n; // one token = 10^18 base units
const CHAIN_ID = 7;
const GENESIS_TIME_MS = 1_764_000_000_000; // fixed logical time (2025-11-24), not the clock

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const short = (b: Uint8Array): string => hex(b).slice(0, 16) + "…";
const tokens = (units: bigint): string => `${units / E18}${units % E18 === 0n ? "" : "+" + (units % E18) + "u"}`;
const TOKEN_NAMES = Object.keys(Token) as (keyof typeof Token)[];

let step = 0;
function section(title: string, why: string): void {
  console.log(`\n== ${++step}. ${title}\n   ${why}`);
}

function fail(message: string): never {
  console.error(`getting-started: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
section(
  "Keys",
  "ML-DSA (FIPS 204) key pairs from the SDK. A 32-byte seed makes them deterministic; without one the platform CSPRNG is used.",
);
const seed = (name: string): Uint8Array => sha3_256(enc.encode(`qfs-v13/examples/getting-started/${name}`));
function key(name: string, level: Level): KeyPair {
  const k = generateKeyPair(level, seed(name));
  console.log(`   ${name.padEnd(6)} ML-DSA-${level}  key id ${short(k.keyId)}  public key ${k.publicKey.length} B`);
  return k;
}
const node = key("node", 87); // signs checkpoints and batch headers (ML-DSA-87 is required)
const admin = key("admin", 87);
const minter = key("minter", 65);
const alice = key("alice", 44);
const bob = key("bob", 44);
// An account id is SHA3-256 of the account's first public key.
const acct = { admin: accountId(admin.publicKey), alice: accountId(alice.publicKey), bob: accountId(bob.publicKey) };
console.log(`   alice's account id ${short(acct.alice)}, bob's ${short(acct.bob)}`);

// ---------------------------------------------------------------------------------------------
section(
  "Genesis",
  "The initial keys with their roles (by name) and token allocations. The sequencer creates the ledger from it and signs the genesis checkpoint (seq 0).",
);
const sequencer = new ReplaySequencer({
  genesis: {
    chainId: CHAIN_ID,
    timeMs: GENESIS_TIME_MS,
    keys: [
      { publicKey: admin.publicKey, roles: ["ADMIN"] },
      { publicKey: minter.publicKey, roles: ["MINTER:CHR", "MINTER:FLX"] },
      { publicKey: alice.publicKey, roles: [] },
      { publicKey: bob.publicKey, roles: [] },
    ],
    allocations: [
      { account: acct.alice, token: Token.CHR, amount: 100n * E18 },
      { account: acct.alice, token: Token.FLX, amount: 50n * E18 },
    ],
  },
  nodeSecretKey: node.secretKey,
  nodePublicKey: node.publicKey,
});
const ledger = sequencer.ledger;
console.log(`   chain ${ledger.chainId}: ${ledger.keyCount} keys, ${ledger.accountCount} accounts`);
console.log(`   supply CHR ${tokens(ledger.supply(Token.CHR))}, FLX ${tokens(ledger.supply(Token.FLX))}`);
console.log(`   genesis state root ${hex(ledger.stateRoot())}`);

// The node keeps every audit entry in an AuditLog so that it can serve inclusion and consistency
// proofs (the ledger's own audit tree is a frontier: roots only). Same entries, same root.
// The AuditLog keeps leaf hashes; the entry bytes are kept beside it to serve them.
const auditLog = new AuditLog();
const entryBytes: Uint8Array[] = [];
function appendEntry(e: Uint8Array): void {
  auditLog.append(e);
  entryBytes.push(e);
}
genesisAuditEntries(ledger.genesisResult.events).forEach(appendEntry);
const signed: SignedCheckpoint[] = [];
const genesisHead = sequencer.logHead();
signed.push({
  checkpoint: genesisHead.genesisCheckpoint,
  signature: genesisHead.genesisCheckpointSignature,
  consistency: [],
});
console.log(`   ${ledger.genesisResult.events.length} genesis events → ${auditLog.size} audit entries`);

// ---------------------------------------------------------------------------------------------
section(
  "Signed packets and batches",
  "Each packet is signed by its account's key (nonce = last + 1). The sequencer orders packets into batches at a logical time, applies them (signatures verified in the WASM core), appends the audit entries and signs a checkpoint.",
);
const nonces = new Map<KeyPair, bigint>();
let timeMs = GENESIS_TIME_MS;

interface Sent {
  label: string;
  bytes: Uint8Array;
  expect: string; // outcome name: "OK" or the ledger's code name
}

function packet(label: string, signer: KeyPair, operations: Operation[], expect = "OK", nonce?: bigint): Sent {
  const next = nonce ?? (nonces.get(signer) ?? 0n) + 1n;
  if (expect === "OK") nonces.set(signer, next); // a rejected packet does not consume its nonce
  const p = signPacket(
    {
      chainId: CHAIN_ID,
      account: accountId(signer.publicKey),
      nonce: next,
      timestampMs: BigInt(timeMs),
      ops: operations,
    },
    [signer],
  );
  return { label, bytes: encodePacket(p), expect };
}

// Entry indexes of each packet's audit entries, by packet id (hex): for the proofs below.
const entryIndex = new Map<string, { packet: number; outcome: number; seq: number }>();

function batch(dtMs: number, sends: Sent[]): Checkpoint {
  timeMs += dtMs;
  const packets = sends.map((s) => s.bytes);
  const res = sequencer.applyBatch(timeMs, packets);
  const before = auditLog.size;
  const entries = batchAuditEntries(packets, res.outcomes, res.events);
  entries.forEach(appendEntry);
  // A batch's entries: per packet its packet entry, its outcome entry, then its events.
  for (const p of packets) {
    const pe = encodeEntry(packetEntry(p));
    const i = entries.findIndex((e) => Buffer.from(e).equals(pe));
    entryIndex.set(hex(packetId(p)), { packet: before + i, outcome: before + i + 1, seq: res.checkpoint.seq });
  }
  console.log(
    `   batch seq ${res.checkpoint.seq} at t=${timeMs}: ${packets.length} packet${packets.length === 1 ? "" : "s"}`,
  );
  sends.forEach((s, i) => {
    const code = res.outcomes[i] ?? -1;
    const name = code === 0 ? "OK" : ledgerCodeName(code);
    console.log(`     ${s.label.padEnd(44)} → ${name}${code === 0 ? "" : ` (code ${code})`}`);
    if (name !== s.expect) fail(`${s.label}: expected ${s.expect}, got ${name}`);
  });
  const prevSize = signed[signed.length - 1]!.checkpoint.treeSize;
  const logged = sequencer.log().batches.at(-1)!;
  signed.push({
    checkpoint: logged.checkpoint,
    signature: logged.checkpointSignature,
    consistency: auditLog.consistencyProof(prevSize, logged.checkpoint.treeSize),
  });
  return res.checkpoint;
}

const mint = packet("minter: mint 40 CHR to bob, 500 FLX to alice", minter, [
  ops.mint(Token.CHR, acct.bob, 40n * E18),
  ops.mint(Token.FLX, acct.alice, 500n * E18),
]);
batch(1000, [mint]);

// Two tokens in one packet: applied together or not at all.
const transfer = packet("alice: 25 CHR + 120 FLX to bob (one packet)", alice, [
  ops.transfer(Token.CHR, acct.bob, 25n * E18),
  ops.transfer(Token.FLX, acct.bob, 120n * E18),
]);
const overdraft = packet(
  "alice: 10000 FLX to bob",
  alice,
  [ops.transfer(Token.FLX, acct.bob, 10_000n * E18)],
  "E_INSUFFICIENT_FUNDS",
);
const replayed = packet(
  "bob: 1 CHR to alice with nonce 7",
  bob,
  [ops.transfer(Token.CHR, acct.alice, E18)],
  "E_NONCE",
  7n,
);
batch(1000, [transfer, overdraft, replayed]);

const back = packet("bob: 5 CHR back to alice", bob, [ops.transfer(Token.CHR, acct.alice, 5n * E18)]);
const head = batch(1000, [back]);
console.log("   Rejected packets are logged with their outcome; they change nothing (nonce included).");

// ---------------------------------------------------------------------------------------------
section(
  "Checkpoint",
  "The last signed checkpoint: audit tree size and root, state root, seq, logical time, and the hash of the previous checkpoint (a hash chain).",
);
const headSig = signed[signed.length - 1]!.signature;
console.log(`   seq ${head.seq}, time ${head.logicalTimeMs} ms, chain ${head.chainId}`);
console.log(`   tree size ${head.treeSize}, audit root ${hex(head.auditRoot)}`);
console.log(`   state root ${hex(head.stateRoot)}`);
console.log(`   prev hash ${hex(head.prevHash)}, this hash ${hex(checkpointHash(head))}`);
console.log(`   ML-DSA-87 signature ${headSig.length} B`);
if (hex(auditLog.root(head.treeSize)) !== hex(head.auditRoot)) fail("the AuditLog root differs from the checkpoint's");
const chain = verifyCheckpointChain(signed, node.publicKey);
if (!chain.ok) fail(`checkpoint chain: ${chain.error.code} at ${chain.index}`);
console.log(
  `   verifyCheckpointChain: ${signed.length} checkpoints from genesis, signatures, links and consistency proofs OK`,
);

// ---------------------------------------------------------------------------------------------
section(
  "Inclusion proof",
  "Proves that the multi-token transfer and its outcome (status 0, applied) are in the log the node signed, given only the node's public key.",
);
const tid = entryIndex.get(hex(packetId(transfer.bytes)))!;
for (const [what, index] of [
  ["packet entry", tid.packet],
  ["outcome entry", tid.outcome],
] as const) {
  const entry = entryBytes[index]!; // served by the node with its index and proof
  const proof = auditLog.inclusionProof(index, head.treeSize);
  const err = checkEntryInCheckpoint(entry, index, proof, head, headSig, node.publicKey);
  if (err !== null) fail(`inclusion of the ${what}: ${err.code}`);
  // The client reads the entry: it names the packet it sent (and, for the outcome, the status).
  const d = decodeEntry(entry);
  const id = d.kind === "packet" ? d.packetId : d.kind === "outcome" ? d.txId : undefined;
  if (id === undefined || hex(id) !== hex(packetId(transfer.bytes))) fail(`the ${what} names another packet`);
  const detail = d.kind === "outcome" ? `status ${d.status}` : `packet id ${short(id)}`;
  console.log(`   ${what} #${index} (${detail}): ${proof.length} hashes, verified against checkpoint seq ${head.seq}`);
}
{
  const forged = entryBytes[tid.outcome]!.slice();
  forged[forged.length - 1]! ^= 1; // claim another status
  const proof = auditLog.inclusionProof(tid.outcome, head.treeSize);
  const err = checkEntryInCheckpoint(forged, tid.outcome, proof, head, headSig, node.publicKey);
  if (err === null) fail("a forged outcome entry verified");
  console.log(`   the same proof for a forged outcome (another status) → ${err.code}`);
}

// ---------------------------------------------------------------------------------------------
section(
  "Account proofs",
  "Proves balances against the checkpoint's state root: the client rebuilds the account's 232-byte record from the balances it expects (docs/ledger.md), hashes it, and checks the node's state proof.",
);
// The account record (docs/ledger.md "Accounts"): id, nonce u64, 5 × u128 balances, flags
// (bit 0 occupied), then the staking fields (zero for an account that never staked, with RES below
// RES_THRESHOLD), 232 bytes in all; its leaf value is SHA3-256 of a domain string and the record.
function accountCommitment(id: Uint8Array, nonce: bigint, balances: readonly bigint[]): Uint8Array {
  const rec = new Uint8Array(232);
  const dv = new DataView(rec.buffer);
  rec.set(id, 0);
  dv.setBigUint64(32, nonce, true);
  balances.forEach((b, t) => {
    dv.setBigUint64(40 + 16 * t, b & 0xffff_ffff_ffff_ffffn, true);
    dv.setBigUint64(48 + 16 * t, b >> 64n, true);
  });
  dv.setUint32(120, 1, true);
  const domain = enc.encode("QFS-V13/ledger/account/v2");
  const buf = new Uint8Array(domain.length + rec.length);
  buf.set(domain);
  buf.set(rec, domain.length);
  return sha3_256(buf);
}
const expected: Record<"alice" | "bob", { nonce: bigint; balances: bigint[] }> = {
  // alice: 100 CHR + 50 FLX at genesis, +500 FLX minted, −25 CHR −120 FLX sent, +5 CHR back
  alice: { nonce: 1n, balances: [80n * E18, 430n * E18, 0n, 0n, 0n] },
  // bob: +40 CHR minted, +25 CHR +120 FLX received, −5 CHR sent back
  bob: { nonce: 1n, balances: [60n * E18, 120n * E18, 0n, 0n, 0n] },
};
for (const who of ["alice", "bob"] as const) {
  const id = acct[who];
  const { nonce, balances } = expected[who];
  const value = accountCommitment(id, nonce, balances);
  const proof = ledger.stateProof(id); // served by the node, as of the head checkpoint
  const err = checkAccountInCheckpoint(id, value, proof, head, headSig, node.publicKey);
  const shown = balances.map((b, t) => (b === 0n ? "" : `${tokens(b)} ${TOKEN_NAMES[t]}`)).filter((s) => s !== "");
  if (err !== null) fail(`state proof of ${who}: ${err.code}`);
  console.log(
    `   ${who}: nonce ${nonce}, ${shown.join(", ")}: proof of ${encodeStateProof(proof).length} B verified against state root ${short(head.stateRoot)}`,
  );
}
{
  const { nonce, balances } = expected.bob;
  const more = [balances[0]! + 1n, ...balances.slice(1)];
  const err = checkAccountInCheckpoint(
    acct.bob,
    accountCommitment(acct.bob, nonce, more),
    ledger.stateProof(acct.bob),
    head,
    headSig,
    node.publicKey,
  );
  if (err === null) fail("a wrong balance verified");
  console.log(`   bob claiming one base unit more CHR → ${err.code}`);
}

// ---------------------------------------------------------------------------------------------
section(
  "Replay log",
  "The log holds the genesis, the node's public key and every batch: signed header, packets, signed checkpoint. Anyone can rebuild the state from it.",
);
const outDir =
  process.argv[2] !== undefined ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), "qfs-getting-started-"));
mkdirSync(outDir, { recursive: true });
const logFile = join(outDir, "getting-started.replay.json");
const finalRoot = hex(ledger.stateRoot());
writeFileSync(
  logFile,
  serializeReplayLog(
    sequencer.log({
      name: "getting-started",
      description: "examples/getting-started.ts: mint, multi-token transfer, rejected packets",
      expectedStateRoot: finalRoot,
    }),
  ),
);
console.log(`   wrote ${logFile} (${signed.length - 1} batches)`);
console.log(`   node key id ${hex(node.keyId)} (pin it with qfs replay --node-key-id)`);

// ---------------------------------------------------------------------------------------------
section(
  "qfs replay",
  "A separate process replays the log: it verifies every header, checkpoint and packet signature in WASM and recomputes every root.",
);
const cli = join(repoRoot, "bin", "qfs.mjs");
const r = spawnSync(process.execPath, [cli, "replay", "--node-key-id", hex(node.keyId), logFile], { encoding: "utf8" });
for (const line of r.stdout.trimEnd().split("\n")) console.log(`   | ${line}`);
if (r.status !== 0) fail(`qfs replay exited ${r.status}: ${r.stderr.trim()} (is dist/ built? npm run build)`);
const replayedRoot = r.stdout.trimEnd().split("\n").at(-1);
console.log(`\nsequencer state root: ${finalRoot}`);
console.log(`qfs replay state root: ${replayedRoot}`);
if (replayedRoot !== finalRoot) fail("the replayed root differs from the sequencer's");
console.log("same root: the log reproduces the ledger bit for bit.");
