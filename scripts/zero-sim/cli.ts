// Entry point: `npm run zero-sim [-- PATHS...]` (tsx scripts/zero-sim/cli.ts). Logic lives in main.ts.
import { main } from "./main.js";

process.exitCode = main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
