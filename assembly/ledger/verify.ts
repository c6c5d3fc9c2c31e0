// Replay mode: the state machine verifies each signer's ML-DSA signature itself, with the core's
// FIPS 204 verifier (assembly/mldsa/), pure ML-DSA with context "QFS-V13/tx":
//   M' = 0x00 || len(ctx) || ctx || message,  mu = SHAKE256(SHAKE256(pk, 64) || M', 64).
// Signature section of a packet record (after the operations): u32 message length, message (the
// signed packet body), then per signer in order: u16 signature length, signature. Signer i's
// signature is checked against the registered public key of signer i (level from the registry).
import { KEY_PK_OFF, KEY_PK_LEN, KEY_LEVEL } from "./layout";
import { OK, E_MALFORMED, E_SIG_INVALID, E_KEY_LEVEL_MISMATCH } from "./errors";
import { PK } from "./mem";
import { keyFind } from "./keys";
import { cSigners, cNSigners } from "./ctx";
import { setLevel, PK_BYTES, SIG_BYTES } from "../mldsa/params";
import { computeTr, muBegin, muAbsorb, muFinish, verifyWithMu } from "../mldsa/verify";

// 0x00, 10, "QFS-V13/tx"
const PREFIX: usize = memory.data<u8>([0x00, 0x0a, 0x51, 0x46, 0x53, 0x2d, 0x56, 0x31, 0x33, 0x2f, 0x74, 0x78]);
const PREFIX_LEN: i32 = 12;
const MU: usize = memory.data(64, 16);
// verifyWithMu may read a few bytes past the signature: verify from a copy with slack.
const SIG_COPY: usize = memory.data(4627 + 16, 16);

// Bit i set = signer i's signature was verified upstream over this packet's body, against the key
// whose SHA3-256 is signer i's key id (docs/ledger.md "Trust boundary"); the structure of that
// signature entry is still checked here, only the ML-DSA verification is skipped. Set per packet
// by ledgerApplyWireBatch from the host's bitmap; 0 (verify every signature) otherwise.
export let verifiedSigners: u32 = 0;

export function setVerifiedSigners(bits: u32): void {
  verifiedSigners = bits;
}

export function verifyPacketSignatures(_tx: usize, sigs: usize, sigsLen: u32): u32 {
  if (sigsLen < 4) return E_MALFORMED;
  const msgLen = load<u32>(sigs);
  if (msgLen > sigsLen - 4) return E_MALFORMED;
  const msg = sigs + 4;
  let off: u32 = 4 + msgLen;
  for (let i: u32 = 0; i < cNSigners; i++) {
    if (sigsLen - off < 2) return E_MALFORMED;
    const sigLen = <u32>load<u16>(sigs + <usize>off);
    off += 2;
    if (sigLen > sigsLen - off) return E_MALFORMED;
    const sig = sigs + <usize>off;
    off += sigLen;
    const rec = keyFind(cSigners + <usize>i * 32); // known: checkSigners ran first
    const pk = PK + <usize>load<u32>(rec + KEY_PK_OFF);
    const pkLen = <i32>load<u32>(rec + KEY_PK_LEN);
    if (!setLevel(<i32>load<u8>(rec + KEY_LEVEL)) || pkLen != PK_BYTES) return E_SIG_INVALID;
    // The signature's length names its level (2420, 3309, 4627): it must be the registered key's.
    if (<i32>sigLen != SIG_BYTES)
      return sigLen == 2420 || sigLen == 3309 || sigLen == 4627 ? E_KEY_LEVEL_MISMATCH : E_SIG_INVALID;
    if (((verifiedSigners >> i) & 1) != 0) continue;
    memory.copy(SIG_COPY, sig, sigLen);
    computeTr(pk, pkLen);
    muBegin();
    muAbsorb(PREFIX, PREFIX_LEN);
    muAbsorb(msg, <i32>msgLen);
    muFinish(MU);
    if (!verifyWithMu(pk, SIG_COPY, MU)) return E_SIG_INVALID;
  }
  return off == sigsLen ? OK : E_MALFORMED;
}
