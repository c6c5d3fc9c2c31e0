// Replay mode: the state machine verifies each signer's ML-DSA signature itself. PLACEHOLDER until
// the `mldsa` branch (assembly/mldsa/) is merged: every packet in verify mode is rejected with
// E_SIG_VERIFY_UNAVAILABLE. The swap is local to this function.
import { E_SIG_VERIFY_UNAVAILABLE } from "./errors";

// tx: packet record; sigs: the signature section after the operations (docs/ledger.md).
export function verifyPacketSignatures(_tx: usize, _sigs: usize, _sigsLen: u32): u32 {
  return E_SIG_VERIFY_UNAVAILABLE;
}
