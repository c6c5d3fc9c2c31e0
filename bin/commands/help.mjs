// qfs help [COMMAND]
import { COMMANDS } from "./index.mjs";

export const summary = "list the commands, or show one command's usage";
export const usage = "qfs help [COMMAND]";

export async function run(args) {
  const [name] = args;
  if (name !== undefined) {
    const load = COMMANDS[name];
    if (load === undefined) {
      process.stderr.write(`qfs help: unknown command '${name}'\n`);
      return 2;
    }
    const cmd = await load();
    process.stdout.write(`${cmd.usage}\n\n${cmd.summary}\n${cmd.details ?? ""}`);
    return 0;
  }
  const lines = ["qfs — QFS V13 command line", "", "usage: qfs COMMAND [ARGS]", "", "commands:"];
  for (const [n, load] of Object.entries(COMMANDS)) lines.push(`  ${n.padEnd(10)} ${(await load()).summary}`);
  lines.push("", "exit codes: 0 ok, 1 internal error, 2 usage error or unreadable input, 3 CIR-302 halt");
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
