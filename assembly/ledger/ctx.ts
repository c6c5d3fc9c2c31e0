// The context of the batch and packet being applied (set by batch.ts, read by the operations).
export let cSeq: u64 = 0;
export let cTime: u64 = 0; // logical time of the batch, ms
export let cEpoch: u64 = 0;
export let cGenesis: bool = false;
export let cAuditHead: usize = 0; // [32] audit head given in the batch input
export let cTx: usize = 0; // packet record
export let cTxAcc: usize = 0; // account record of the packet's primary signer (0 in genesis)
export let cSigners: usize = 0; // nSigners x [32] key ids
export let cNSigners: u32 = 0;

export function setBatch(seq: u64, time: u64, epoch: u64, genesis: bool, auditHead: usize): void {
  cSeq = seq;
  cTime = time;
  cEpoch = epoch;
  cGenesis = genesis;
  cAuditHead = auditHead;
}

export function setEpoch(epoch: u64): void {
  cEpoch = epoch;
}

export function setPacket(tx: usize, signers: usize, nSigners: u32): void {
  cTx = tx;
  cSigners = signers;
  cNSigners = nSigners;
  cTxAcc = 0;
}

export function setTxAccount(rec: usize): void {
  cTxAcc = rec;
}
