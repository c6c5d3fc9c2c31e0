// Splits a byte stream into "\n"-terminated lines with a cap on each line, so a reader holds at
// most one line (plus one chunk) however long the stream is. A line past the cap throws
// QfsError E_INPUT_TOO_LARGE as soon as its length passes the cap, before it is joined. Pure.
import { inputTooLarge } from "./errors.js";

const NL = 0x0a;

export class LineSplitter {
  private parts: Uint8Array[] = [];
  private pending = 0; // bytes of the current, unterminated line
  private lineNo = 0; // lines emitted so far

  constructor(
    readonly maxLineBytes: number,
    private readonly what = "line",
  ) {}

  // Feeds one chunk; returns the lines it completed (without their "\n"), in order.
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      const end = nl < 0 ? chunk.length : nl;
      if (this.pending + (end - start) > this.maxLineBytes)
        throw inputTooLarge(`${this.what} ${this.lineNo + 1}`, this.maxLineBytes);
      if (nl < 0) {
        if (end > start) {
          // Copied: the caller may reuse its chunk buffer.
          this.parts.push(chunk.slice(start, end));
          this.pending += end - start;
        }
        return out;
      }
      out.push(this.take(chunk.subarray(start, end)));
      start = nl + 1;
    }
  }

  // The stream ended: its last line when it had no final "\n" (undefined when none).
  end(): Uint8Array | undefined {
    return this.pending > 0 ? this.take(new Uint8Array(0)) : undefined;
  }

  private take(tail: Uint8Array): Uint8Array {
    const line = new Uint8Array(this.pending + tail.length);
    let o = 0;
    for (const p of this.parts) {
      line.set(p, o);
      o += p.length;
    }
    line.set(tail, o);
    this.parts = [];
    this.pending = 0;
    this.lineNo++;
    return line;
  }
}
