// WASM exports of the ledger modules.
export {
  packetInPtr,
  packetDecode,
  packetErrorOffset,
  packetBodyLength,
  packetSignerCount,
  packetOpCount,
  packetChainId,
  packetAccountPtr,
  packetNonce,
  packetTimestamp,
  packetSignerOffset,
  packetOpType,
  packetOpOffset,
  packetSigLevel,
  packetSigOffset,
} from "./packet";
