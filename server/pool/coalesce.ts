// One packet per call, many packets per task: the single-packet HTTP route calls verifyOne() per
// request, and the packets submitted in the same turn of the event loop (with the same key lookup)
// go to the pool together, cut into tasks of taskPackets. Piscina's per-task cost (~100 CPU µs
// with its thread wake-ups, bench:pool) is then shared instead of paid by every request.
import { qfsError } from "../../bindings/errors/index.js";
import { setImmediate } from "node:timers";
import { VERIFY_PACKETS_MAX } from "./limits.js";
import type { VerifyResults } from "./results.js";
import type { PoolKeyLookup } from "./task-format.js";

/** A packet's place in the shared results of the call it was coalesced into. */
export interface CoalescedResult {
  readonly results: VerifyResults;
  readonly index: number;
}

interface Waiter {
  readonly packet: Uint8Array;
  readonly resolve: (r: CoalescedResult) => void;
  readonly reject: (e: unknown) => void;
}

export class Coalescer {
  private readonly groups = new Map<PoolKeyLookup, Waiter[]>();
  private pending = 0;
  private scheduled = false;

  constructor(
    private readonly run: (packets: Uint8Array[], lookup: PoolKeyLookup) => Promise<VerifyResults>,
    private readonly flushAt: number,
  ) {}

  submit(packet: Uint8Array, lookup: PoolKeyLookup): Promise<CoalescedResult> {
    if (!(packet instanceof Uint8Array)) throw qfsError("E_POOL_TASK_MALFORMED", "a packet is not a Uint8Array");
    if (this.pending >= VERIFY_PACKETS_MAX)
      throw qfsError("E_POOL_SATURATED", `${this.pending} packets already wait to be coalesced`);
    return new Promise<CoalescedResult>((resolve, reject) => {
      let group = this.groups.get(lookup);
      if (group === undefined) this.groups.set(lookup, (group = []));
      group.push({ packet, resolve, reject });
      this.pending++;
      if (group.length >= this.flushAt) this.flushGroup(lookup);
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushAll());
      }
    });
  }

  private flushAll(): void {
    this.scheduled = false;
    for (const lookup of [...this.groups.keys()]) this.flushGroup(lookup);
  }

  private flushGroup(lookup: PoolKeyLookup): void {
    const group = this.groups.get(lookup);
    if (group === undefined || group.length === 0) return;
    this.groups.delete(lookup);
    this.pending -= group.length;
    this.run(
      group.map((w) => w.packet),
      lookup,
    ).then(
      (results) => group.forEach((w, index) => w.resolve({ results, index })),
      (e: unknown) => group.forEach((w) => w.reject(e)),
    );
  }
}
