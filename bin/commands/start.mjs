// qfs start — runs the node (server/main.ts, through tsx) with the same flags, stdio inherited; exits with the
// node's code. Paths stay relative to where qfs was run; the node finds tsx in the package's own node_modules.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parse, UsageError, withUsage, intOption } from "./lib/args.mjs";

export const summary = "run the QFS node (HTTP API) in the foreground";
export const usage = "qfs start [--data DIR] [--port N] [--host H] [--config FILE] [--threads N]";
export const details = `
  --data DIR      data directory (default ./data); a new one gets a demo genesis and DEMO keys in
                  DIR/demo-keys.json (printed warning: demo only)
  --port N        HTTP port (default 8080)
  --host H        address to listen on (default 127.0.0.1)
  --config FILE   stores config (server/stores/config.ts: PostgreSQL participants and decision log);
                  default: SQLite under --data
  --threads N     verify-pool threads (default 2)

Prints the URL, the node key id and where the demo keys are; Ctrl-C stops it. Exit code: the node's
(0 after a clean stop; 2 for a usage error).
`;

export async function run(args) {
  return withUsage("start", usage, async () => {
    const { values } = parse(args, {
      data: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      threads: { type: "string" },
    });
    intOption(values, "port", 0, 65535);
    intOption(values, "threads", 1, 64);
    for (const k of ["data", "host", "config"]) if (values[k] === "") throw new UsageError(`--${k} is empty`);
    const flags = [];
    for (const k of ["data", "port", "host", "config", "threads"])
      if (values[k] !== undefined) flags.push(`--${k}`, values[k]);
    const main = fileURLToPath(new URL("../../server/main.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), main, ...flags], {
      stdio: "inherit",
    });
    // Ctrl-C reaches the child through the terminal's process group; a SIGTERM sent to qfs alone is passed on.
    const forward = (sig) => child.kill(sig);
    process.on("SIGTERM", forward);
    process.on("SIGINT", () => {});
    return new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        process.off("SIGTERM", forward);
        resolve(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
      });
    });
  });
}
