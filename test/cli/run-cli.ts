// Spawns `node bin/qfs.mjs ARGS` without blocking the event loop (the fixture node answers from this process).
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "bin", "qfs.mjs");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function qfsAsync(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (status) => ok({ status, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}
