// Shared by the metrics tests: a scrape of GET /metrics and the value of one series in its text.
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";

export async function scrape(app: FastifyInstance): Promise<string> {
  const r = await app.inject({ url: "/metrics" });
  expect(r.statusCode).toBe(200);
  return r.body;
}

/** The value of the series `name` whose labels are exactly `labels` (undefined when there is none). Label values
 *  here never hold a quote, comma or newline, so a split is enough. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(",");
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const got = (m[2] ?? "")
      .split(",")
      .filter((s) => s !== "")
      .sort()
      .join(",");
    if (got === want) return Number(m[3]);
  }
  return undefined;
}
