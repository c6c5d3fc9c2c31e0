import { getCore, ioView } from "./runtime.js";

interface HashExports {
  shake256(inLen: number, outLen: number): number;
  sha3_256(inLen: number): number;
}

function hx(): HashExports {
  return getCore() as unknown as HashExports;
}

export function sha3_256(data: Uint8Array): Uint8Array {
  const io = ioView();
  if (data.length > io.length) throw new RangeError("E_HASH_INPUT_TOO_LONG");
  io.set(data);
  hx().sha3_256(data.length);
  return ioView().slice(0, 32);
}

export function shake256(data: Uint8Array, outLen: number): Uint8Array {
  const io = ioView();
  if (data.length > io.length || outLen > io.length) throw new RangeError("E_HASH_INPUT_TOO_LONG");
  io.set(data);
  hx().shake256(data.length, outLen);
  return ioView().slice(0, outLen);
}
