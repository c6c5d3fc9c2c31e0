// qfs help [COMMAND]
import { COMMANDS } from "./index.mjs";
import { EXIT, exitCodeLines } from "./exit-codes.mjs";

export const summary = "list the commands, or show one command's usage";
export const usage = "qfs help [COMMAND]";

// One command's help: usage, summary and details (`qfs help replay`, `qfs replay --help`).
export async function commandHelp(name) {
  const cmd = await COMMANDS[name]();
  return `${cmd.usage}\n\n${cmd.summary}\n${cmd.details ?? ""}`;
}

export async function run(args) {
  const [first, ...extra] = args;
  const name = first === "--help" || first === "-h" ? undefined : first;
  if (extra.length > 0) {
    process.stderr.write(`qfs help: unexpected argument '${extra[0]}'\nusage: ${usage}\n`);
    return EXIT.USAGE;
  }
  if (name !== undefined) {
    if (!Object.hasOwn(COMMANDS, name)) {
      process.stderr.write(`qfs help: unknown command '${name}'\n`);
      return EXIT.USAGE;
    }
    process.stdout.write(await commandHelp(name));
    return EXIT.OK;
  }
  const lines = [
    "qfs — QFS V13 command line",
    "",
    "usage: qfs COMMAND [ARGS]",
    "       qfs --help | -h | --version",
    "",
    "commands:",
  ];
  for (const [n, load] of Object.entries(COMMANDS)) lines.push(`  ${n.padEnd(15)} ${(await load()).summary}`);
  lines.push("", "'qfs COMMAND --help' shows a command's usage.", "", "exit codes:", ...exitCodeLines());
  process.stdout.write(lines.join("\n") + "\n");
  return EXIT.OK;
}
