// The staking pool account: id SHA3-256("QFS-V13/staking-pool/CHR"). No key can own it (that would
// need a preimage, and key_ops refuses it as an owner), so only staking operations move its CHR:
// stake in, unstake out, slash burnt. Its CHR balance equals G_STK_TOTAL (invariants.ts).
import { eq32 } from "./mem";

export const POOL_ID: usize = memory.data<u8>([
  0xbd, 0x0d, 0x07, 0x7f, 0xef, 0xb3, 0xfa, 0x12, 0x91, 0xd7, 0xb5, 0x7e, 0x3e, 0xd5, 0x9b, 0x6d, 0xf3, 0x50, 0x03,
  0xf1, 0x18, 0x9c, 0xf3, 0x97, 0x83, 0x4c, 0x9a, 0x81, 0x60, 0xda, 0xee, 0xe2,
]);

export function isPool(id: usize): bool {
  return eq32(id, POOL_ID);
}
