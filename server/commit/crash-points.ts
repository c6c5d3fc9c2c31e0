// Test-only fault injection: the crash suite (test/server/crash.test.ts, `npm run test:crash`) sets
// QFS_CRASH_AT=<point> (and optionally QFS_CRASH_HIT=<n>, the n-th time the point is reached, default 1) and the
// process SIGKILLs itself there: a real kill -9 at an exact step of the protocol. Unset, each call is one
// comparison. The environment is read once, when the module loads.
/** The coordinator's points (a 2PC round alone reaches them: the crash runner cycles over these). */
export const CRASH_POINTS = ["after-some-prepared", "after-all-prepared", "after-decision", "mid-commit"] as const;
/** The node's points, reached only by a sequencer: "mid-checkpoint" (the batch's checkpoint and header signed,
 *  its decision not yet appended) and "mid-archive" (the decision forced, the archive index half written). */
export const NODE_CRASH_POINTS = ["mid-checkpoint", "mid-archive"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];
export type NodeCrashPoint = (typeof NODE_CRASH_POINTS)[number];

const armedAt = process.env.QFS_CRASH_AT;
const hitTarget = Number(process.env.QFS_CRASH_HIT ?? "1");
let hits = 0;

export function crashPoint(point: CrashPoint | NodeCrashPoint): void {
  if (armedAt !== point) return;
  hits++;
  if (hits >= hitTarget) process.kill(process.pid, "SIGKILL");
}
