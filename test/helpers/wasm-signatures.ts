// Reads the exported functions' signatures straight from a .wasm binary (type, import, function
// and export sections of the WebAssembly binary format, §5.5). The JS API only tells names, kinds
// and arity; this tells i32 from i64, which is what decides `number` versus `bigint` in TS.
// Signatures are written as in bindings/core-exports.ts: "(i32,i64)->i32", "()->" for no result.

const VALTYPES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128" };

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.b.length) throw new Error(`wasm: truncated at ${this.pos}`);
    return this.b[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return result;
    }
    throw new Error("wasm: LEB128 too long");
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  valtype(): string {
    const t = this.byte();
    const name = VALTYPES[t];
    if (name === undefined) throw new Error(`wasm: value type 0x${t.toString(16)}`);
    return name;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

// Export name -> signature, for every exported function.
export function exportedFunctionSignatures(wasm: Uint8Array): Map<string, string> {
  const r = new Reader(wasm);
  r.pos = 8; // magic + version
  const types: string[] = [];
  const funcTypes: number[] = []; // function index -> type index (imports first)
  const exports = new Map<string, number>();
  while (r.pos < wasm.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        if (r.byte() !== 0x60) throw new Error("wasm: type is not a function type");
        const params = Array.from({ length: r.u32() }, () => r.valtype());
        const results = Array.from({ length: r.u32() }, () => r.valtype());
        types.push(`(${params.join(",")})->${results.join(",")}`);
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) {
          funcTypes.push(r.u32()); // an imported function takes the next function index
        } else if (kind === 1) {
          r.byte(); // table: element type, then limits
          r.limits();
        } else if (kind === 2) {
          r.limits(); // memory
        } else {
          r.byte(); // global: value type, mutability
          r.byte();
        }
      }
    } else if (id === 3) {
      for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const index = r.u32();
        if (kind === 0) exports.set(name, index);
      }
    }
    r.pos = end;
  }
  const out = new Map<string, string>();
  for (const [name, index] of exports) {
    const t = types[funcTypes[index]!];
    if (t === undefined) throw new Error(`wasm: export ${name} has no type`);
    out.set(name, t);
  }
  return out;
}
