// State root. PLACEHOLDER until the sparse Merkle tree of the `audit` branch (assembly/state/smt.ts)
// is merged: a hash chain over the batches, each link committing to the globals block and to the
// full records of every account and key touched in the batch (first-touch order):
//   root_n = SHA3-256("QFS-V13/state-root/chain-v0" || root_{n-1} || G[0..G_ROOT) ||
//                     touched account records || touched key records)
// Deterministic and incremental (O(touched)), but it commits to history, not to the state alone,
// and gives no per-account proofs. The swap to the SMT is local to computeStateRoot().
import { G_ROOT, ACC_SIZE, KEY_SIZE } from "./layout";
import { G } from "./mem";
import { LEDGER_SPONGE } from "./hashing";
import { DS_SHA3 } from "../crypto/sponge";
import { touchedAccounts, touchedAccountPtr } from "./accounts";
import { touchedKeys, touchedKeyPtr } from "./keys";

const DOMAIN: usize = memory.data<u8>([
  0x51, 0x46, 0x53, 0x2d, 0x56, 0x31, 0x33, 0x2f, 0x73, 0x74, 0x61, 0x74, 0x65, 0x2d, 0x72, 0x6f, 0x6f, 0x74, 0x2f,
  0x63, 0x68, 0x61, 0x69, 0x6e, 0x2d, 0x76, 0x30,
]);
const DOMAIN_LEN: i32 = 27;

export function computeStateRoot(): void {
  const s = LEDGER_SPONGE;
  s.reset(136, DS_SHA3);
  s.absorb(DOMAIN, DOMAIN_LEN);
  s.absorb(G + G_ROOT, 32);
  s.absorb(G, <i32>G_ROOT);
  const na = touchedAccounts();
  for (let i: u32 = 0; i < na; i++) s.absorb(touchedAccountPtr(i), <i32>ACC_SIZE);
  const nk = touchedKeys();
  for (let i: u32 = 0; i < nk; i++) s.absorb(touchedKeyPtr(i), <i32>KEY_SIZE);
  s.finalize();
  s.squeeze(G + G_ROOT, 32);
}
