// Prometheus metrics of one node (issue 9 item 4, docs/operations.md): one prom-client Registry per instance —
// never the global default registry, since a process (a test file) builds many nodes and apps. The sequencer
// reports into it through SequencerObserver (events as they happen); gauges that describe a state (queue depth,
// pool, rounds in doubt) are read from an attached GaugeSource when Prometheus scrapes, so nothing polls.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { ERROR_CATALOGUE, type QfsErrorName } from "../../bindings/errors/index.js";
import type { PoolMetrics } from "../pool/pool.js";
import {
  BATCH_PACKETS_BUCKETS,
  HALT_SOURCES,
  HTTP_METHODS,
  LATENCY_BUCKETS_S,
  TX_RESULTS,
  type Phase,
  type RoundOutcome,
  type TxResult,
} from "./limits.js";

/** Every metric /metrics exposes (the test checks each is there; docs/operations.md describes each). */
export const METRIC_NAMES = [
  "qfs_transactions_total",
  "qfs_transaction_latency_seconds",
  "qfs_phase_duration_seconds",
  "qfs_batch_packets",
  "qfs_rounds_total",
  "qfs_sequencer_queue_packets",
  "qfs_sequencer_queue_packets_max",
  "qfs_pool_threads",
  "qfs_pool_queue_tasks",
  "qfs_pool_tasks_in_flight",
  "qfs_pool_utilisation_ratio",
  "qfs_pool_worker_busy_seconds_total",
  "qfs_signatures_verified_total",
  "qfs_rounds_in_doubt",
  "qfs_recovery_rounds_resolved_total",
  "qfs_halted",
  "qfs_http_requests_total",
  "qfs_sse_subscribers",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** What the sequencer reports, as it happens. Must not throw (metrics never fail a batch). */
export interface SequencerObserver {
  /** A submit settled: `code` is the receipt's outcome name ("OK" or a catalogue name) or the refusal's code;
   *  `latencyMs` (submit → durable receipt) only for packets this call sequenced. */
  transaction(result: TxResult, code: string, latencyMs?: number): void;
  phase(phase: Phase, ms: number): void;
  batch(packets: number, signaturesVerified: number): void;
  round(outcome: RoundOutcome): void;
  recovered(resolved: readonly { action: "commit" | "abort" }[]): void;
  attach(source: GaugeSource): void;
}

/** States read at scrape time. */
export interface GaugeSource {
  queuePackets(): number;
  readonly queuePacketsMax: number;
  pool(): PoolMetrics;
  roundsInDoubt(): number;
}

/** A code label from the catalogue (or "OK"); anything else is counted as E_INTERNAL, so the set stays fixed. */
export function codeLabel(code: string): string {
  return code === "OK" || Object.hasOwn(ERROR_CATALOGUE, code) ? code : ("E_INTERNAL" satisfies QfsErrorName);
}

export class NodeMetrics implements SequencerObserver {
  readonly registry = new Registry();
  private source: GaugeSource | undefined;
  private readonly transactions: Counter<"result" | "code">;
  /** The labelled children, made once: prom-client hashes the label object on every labelled call, and
   *  transaction() runs once per packet on the hot path. */
  private readonly transactionChildren = new Map<string, Counter.Internal>();
  private readonly phaseChildren = new Map<string, Histogram.Internal<"phase">>();
  private readonly latency: Histogram;
  private readonly phases: Histogram<"phase">;
  private readonly batchPackets: Histogram;
  private readonly rounds: Counter<"outcome">;
  private readonly signaturesVerified: Counter;
  private readonly recoveryResolved: Counter<"action">;
  private readonly halted: Gauge<"source">;
  /** The current halt's source, read at scrape time (the app points it at its node's state()). */
  haltSource: () => string | null = () => null;
  readonly httpRequests: Counter<"route" | "method" | "status">;
  readonly sseSubscribers: Gauge;

  constructor() {
    const registers = [this.registry];
    this.transactions = new Counter({
      name: "qfs_transactions_total",
      help: "Submitted packets by result (applied, rejected, repeat, refused) and outcome or error code",
      labelNames: ["result", "code"],
      registers,
    });
    // Both result labels with "OK"/the commonest codes exist from the start, so rate() sees a zero, not a gap.
    this.transactions.inc({ result: "applied", code: "OK" }, 0);
    this.latency = new Histogram({
      name: "qfs_transaction_latency_seconds",
      help: "Submit to durable receipt, per sequenced packet",
      buckets: [...LATENCY_BUCKETS_S],
      registers,
    });
    this.phases = new Histogram({
      name: "qfs_phase_duration_seconds",
      help: "Time of each phase of a round (verify, sequence, checkpoint, twopc_prepare, decision, commit, archive_index)",
      labelNames: ["phase"],
      buckets: [...LATENCY_BUCKETS_S],
      registers,
    });
    this.batchPackets = new Histogram({
      name: "qfs_batch_packets",
      help: "Packets per batch (group commit)",
      buckets: [...BATCH_PACKETS_BUCKETS],
      registers,
    });
    this.rounds = new Counter({
      name: "qfs_rounds_total",
      help: "2PC rounds by outcome (committed, aborted, failed: the outcome is unknown or the coordinator was fenced)",
      labelNames: ["outcome"],
      registers,
    });
    this.signaturesVerified = new Counter({
      name: "qfs_signatures_verified_total",
      help: "ML-DSA signatures that verified on the pool (rate() gives verifies/s)",
      registers,
    });
    this.recoveryResolved = new Counter({
      name: "qfs_recovery_rounds_resolved_total",
      help: "In-doubt rounds recovery settled at start, by action (commit, abort)",
      labelNames: ["action"],
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- collect() is called with the gauge as `this`
    const self = this;
    this.halted = new Gauge({
      name: "qfs_halted",
      help: "1 while the node is halted (CIR-302), by source (ledger, node)",
      labelNames: ["source"],
      registers,
      collect() {
        const current = self.haltSource();
        for (const source of HALT_SOURCES) this.set({ source }, current === source ? 1 : 0);
      },
    });
    this.httpRequests = new Counter({
      name: "qfs_http_requests_total",
      help: "HTTP requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      registers,
    });
    this.sseSubscribers = new Gauge({ name: "qfs_sse_subscribers", help: "Open GET /v1/events streams", registers });
    this.sourceGauges(registers);
  }

  /** The gauges read from the attached source at scrape time (0 until a sequencer attaches). */
  private sourceGauges(registers: Registry[]): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- collect() is called with the metric as `this`
    const self = this;
    const read = (name: MetricName, help: string, value: (s: GaugeSource) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(self.source === undefined ? 0 : value(self.source));
        },
      });
    read("qfs_sequencer_queue_packets", "Packets waiting for a batch", (s) => s.queuePackets());
    read(
      "qfs_sequencer_queue_packets_max",
      "Queue bound; past it submits get E_POOL_SATURATED",
      (s) => s.queuePacketsMax,
    );
    read("qfs_pool_threads", "Verify pool worker threads", (s) => s.pool().threads);
    read("qfs_pool_queue_tasks", "Verify tasks waiting for a worker", (s) => s.pool().queueDepth);
    read("qfs_pool_tasks_in_flight", "Verify tasks waiting or running", (s) => s.pool().tasksInFlight);
    read("qfs_pool_utilisation_ratio", "Pool utilisation since start, 0..1 (Piscina)", (s) => s.pool().utilization);
    read("qfs_rounds_in_doubt", "Rounds decided but not settled on every participant, or of unknown outcome", (s) =>
      s.roundsInDoubt(),
    );
    new Counter({
      name: "qfs_pool_worker_busy_seconds_total",
      help: "Worker time inside verify tasks (rate() / qfs_pool_threads is recent utilisation)",
      registers,
      collect() {
        const busyS = self.source === undefined ? 0 : self.source.pool().workerBusyMs / 1000;
        this.reset();
        this.inc(busyS);
      },
    });
  }

  transaction(result: TxResult, code: string, latencyMs?: number): void {
    const label = codeLabel(code);
    const key = `${result} ${label}`;
    let child = this.transactionChildren.get(key);
    if (child === undefined) {
      if (!TX_RESULTS.includes(result)) return;
      child = this.transactions.labels({ result, code: label });
      // Bounded: TX_RESULTS × (catalogue codes + "OK"), as the series are.
      this.transactionChildren.set(key, child);
    }
    child.inc();
    if (latencyMs !== undefined) this.latency.observe(latencyMs / 1000);
  }

  phase(phase: Phase, ms: number): void {
    let child = this.phaseChildren.get(phase);
    if (child === undefined) {
      child = this.phases.labels({ phase });
      this.phaseChildren.set(phase, child);
    }
    child.observe(ms / 1000);
  }

  batch(packets: number, signaturesVerified: number): void {
    this.batchPackets.observe(packets);
    this.signaturesVerified.inc(signaturesVerified);
  }

  round(outcome: RoundOutcome): void {
    this.rounds.inc({ outcome });
  }

  recovered(resolved: readonly { action: "commit" | "abort" }[]): void {
    for (const action of ["commit", "abort"] as const)
      this.recoveryResolved.inc({ action }, resolved.filter((r) => r.action === action).length);
  }

  attach(source: GaugeSource): void {
    this.source = source;
  }

  /** The method label: one of HTTP_METHODS or "OTHER". */
  static methodLabel(method: string): string {
    return (HTTP_METHODS as readonly string[]).includes(method) ? method : "OTHER";
  }
}
