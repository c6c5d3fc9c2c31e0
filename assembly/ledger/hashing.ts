// SHA3-256 for the ledger (key ids, halt record hash, state root) over the shared Keccak sponge.
import { Sponge, DS_SHA3 } from "../crypto/sponge";

export const LEDGER_SPONGE = new Sponge(memory.data(200, 8), 136, DS_SHA3);

export function sha3Into(out: usize, data: usize, len: u32): void {
  LEDGER_SPONGE.reset(136, DS_SHA3);
  LEDGER_SPONGE.absorb(data, <i32>len);
  LEDGER_SPONGE.finalize();
  LEDGER_SPONGE.squeeze(out, 32);
}
