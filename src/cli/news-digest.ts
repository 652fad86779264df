/**
 * `news-digest <command> [options]`: picks the command, and answers --help and
 * --version itself. Separate from main.ts (which only runs it in this process) so that
 * tests call it in-process with their own io.
 */
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMAND_NAMES, COMMANDS } from "./commands.js";
import { didYouMean, EXIT, PROGRAM, terminalSafe, type CommandIo } from "./kit/index.js";

const TOP_LEVEL_FLAGS = ["--help", "--version"];

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // Run with nothing, it did nothing: say how to use it, where a script will see it went wrong.
    io.stderr(await usage());
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    io.stdout(await usage());
    return EXIT.done;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`${PROGRAM} ${await version()}\n`);
    return EXIT.done;
  }
  const load = COMMANDS[first];
  if (load) return (await load()).run(rest, io);
  const unknown = terminalSafe(first);
  if (first.startsWith("-")) io.stderr(`${PROGRAM}: unknown option ${unknown}${didYouMean(first, TOP_LEVEL_FLAGS)}\n`);
  else io.stderr(`${PROGRAM}: unknown command "${unknown}"${didYouMean(first, COMMAND_NAMES)} (${PROGRAM} --help lists them)\n`);
  return EXIT.usage;
}

/** The list of commands, each with its summary (this loads every command's module: only for help). */
async function usage(): Promise<string> {
  const commands = await Promise.all(COMMAND_NAMES.map((name) => COMMANDS[name]!()));
  const width = Math.max(...COMMAND_NAMES.map((name) => name.length)) + 2;
  return [
    `usage: ${PROGRAM} <command> [options]`,
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "options:",
    "  -h, --help     show this help; `news-digest <command> --help` shows a command's options",
    "  -V, --version  print the version",
    "",
  ].join("\n");
}

/** The version in package.json: two folders up from src/cli/, three from dist/src/cli/. */
async function version(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("package.json not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string }).version;
}
