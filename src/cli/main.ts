#!/usr/bin/env node
// Entry point of the `news-digest` command: picks the subcommand, nothing else.
type Command = (argv: string[]) => Promise<number>;

// Each command's module is imported only when that command runs, so one command never
// pays for the others' imports (build's budget is 1.5 s including Node's start).
const lazy = (load: () => Promise<Command>): Command => async (argv) => (await load())(argv);
const runEditions = lazy(async () => (await import("./editions.js")).runEditions);
const runSchedule = lazy(async () => (await import("./schedule.js")).runSchedule);
const runBuild = lazy(async () => ((await import("../mjml/index.js")).preloadMjml(), (await import("./build.js")).runBuild)); // MJML first: see mjml/worker.ts
const runInspect = lazy(async () => (await import("./inspect.js")).runInspect);
const runPreview = lazy(async () => (await import("./preview.js")).runPreview);
const runShots = lazy(async () => (await import("./shots.js")).runShots);
const runSend = lazy(async () => (await import("./send.js")).runSend);

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  build: { run: runBuild, summary: "build the edition from stories into out/<edition-id>/" },
  shots: { run: runShots, summary: "build, then screenshot the edition at 375 and 800 px" },
  preview: { run: runPreview, summary: "serve a live preview of the edition that updates as templates change" },
  inspect: { run: runInspect, summary: "read stories and print what the pipeline understood" },
  send: { run: runSend, summary: "send the edition to a list over SMTP (exactly once per subscriber)" },
  editions: { run: runEditions, summary: "list the editions built and sent to each list" },
  schedule: { run: runSchedule, summary: "build and send editions on a cron schedule (foreground)" },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ["usage: news-digest <command> [options]", "", "commands:", ...lines].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`news-digest: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`news-digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
