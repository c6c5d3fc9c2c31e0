// DRV packet codec: types, canonical encoder, strict decoder, ids, the WASM decoder's binding.
export * from "./types.js";
export * from "./errors.js";
export { encodeBody, encodePacket, compareBytes } from "./encode.js";
export { decodePacket, decodePacketWithBody, type DecodedPacket } from "./decode.js";
export { packetId, bodyHash } from "./ids.js";
export { wasmDecodePacket, wasmPacketLayout, type WasmPacketResult, type WasmPacketLayout } from "./wasm.js";
