// SHA3-256(prefix || a || b) over two 32-byte inputs: the node (and state-leaf) hash shape of every
// Merkle tree in the core — audit log 0x01 (RFC 9162), state tree 0x10 leaf / 0x11 node. The inputs are
// copied to scratch first, so `out` may alias either input. Not re-entrant (the core is single-threaded).
import { Sponge, DS_SHA3 } from "./sponge";

const SCRATCH: usize = memory.data(65);
const SP = new Sponge(memory.data(200), 136, DS_SHA3);

export function sha3PrefixedPairTo(prefix: u8, a: usize, b: usize, out: usize): void {
  store<u8>(SCRATCH, prefix);
  memory.copy(SCRATCH + 1, a, 32);
  memory.copy(SCRATCH + 33, b, 32);
  SP.reset(136, DS_SHA3);
  SP.absorb(SCRATCH, 65);
  SP.finalize();
  SP.squeeze(out, 32);
}
