/**
 * `news-digest schedule`: build and send editions on a cron schedule, in the
 * foreground (for systemd, a container, or a terminal). Argument parsing and
 * wiring only: the schedule and its lock are in ../deliver/schedule/.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config/index.js";
import { checkSchedule, listKeyOf, runListEdition, runListsOnce, startSchedule, type EditionJob, type RunnerOptions } from "../app/schedule/index.js";
import { sendSettingsFromConfig, TokenKeyError } from "../deliver/send/index.js";
import { SmtpConfigError } from "../deliver/send/index.js";
import { chooseStorySources } from "../config/index.js";
import { defaultTemplatesDir } from "../render/index.js";

const USAGE = `usage: news-digest schedule --cron PATTERN --list FILE [options]

Builds and sends an edition to each list on a cron schedule, in the foreground.
Each run takes the stories new or updated since the list's last edition, logs
one line with its result, and never overlaps another run on the same list.

  --cron PATTERN      e.g. "0 7 * * *" (07:00 daily); six fields add seconds
  --tz ZONE           IANA zone the pattern is read in (default: the config's timeZone)
  --list FILE         subscribers file; repeat for several lists
  --once              run once for every list now and exit (for cron or a systemd timer)
  --stories PATH|URL  folder, file or feed URL (repeatable; default: the config's sources)
  --templates DIR     template folder (default: ./templates, else the built-in one)
  --out DIR           editions are written to DIR/<list>/<edition-id>/ (default: out)
  --state DIR         state folder (default: the config's send.stateDir)
  --config FILE       config file (default: news-digest.config.json if present)
  --smtp URL          SMTP server (else SMTP_URL, else config send.smtp)
  --strict            a source that cannot be read fails the run
  --json              one JSON object per run instead of a text line`;

export async function runSchedule(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        cron: { type: "string" },
        tz: { type: "string" },
        list: { type: "string", multiple: true },
        once: { type: "boolean" },
        stories: { type: "string", multiple: true },
        templates: { type: "string" },
        out: { type: "string" },
        state: { type: "string" },
        config: { type: "string" },
        smtp: { type: "string" },
        strict: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: Config;
  let configFile: string | null;
  try {
    ({ config, file: configFile } = await loadConfig(values.config));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.issues.map((issue) => `news-digest schedule: ${issue}\n`).join(""));
      return 2;
    }
    throw error;
  }

  const lists = values.list ?? [];
  if (lists.length === 0) return usageError("--list FILE is required");
  if (!values.once && values.cron === undefined) return usageError("--cron PATTERN is required (or --once to run now and exit)");
  const timezone = values.tz ?? config.timeZone;
  if (values.cron !== undefined) {
    const problem = checkSchedule(values.cron, timezone);
    if (problem) return usageError(problem);
  }
  // Paths on the command line are read from the working directory, paths in the config from the config's folder.
  const input = chooseStorySources(values.stories, config, configFile);
  if (!input) return usageError('no sources: set "sources" in the config or pass --stories PATH|URL');
  const { sources, baseDir: sourcesBaseDir } = input;
  // Settings every run needs are checked now, not at 07:00 tomorrow.
  try {
    sendSettingsFromConfig(config, { smtp: values.smtp });
  } catch (error) {
    if (error instanceof TokenKeyError || error instanceof SmtpConfigError) return usageError(error.message);
    throw error;
  }

  const stateDir = values.state ?? config.send.stateDir;
  const templatesDir = values.templates ?? defaultTemplatesDir();
  const outDir = values.out ?? "out";
  const json = values.json === true;
  const exitCodes = new Map<string, number>();
  const job: EditionJob = async ({ list, signal }) => {
    const outcome = await runListEdition({
      config,
      list,
      sources,
      ...(sourcesBaseDir !== undefined ? { sourcesBaseDir } : {}),
      templatesDir,
      outDir,
      stateDir,
      now: new Date(),
      strict: values.strict === true,
      signal,
      ...(values.smtp !== undefined ? { smtp: values.smtp } : {}),
      warn: (line) => void process.stderr.write(`${list}: ${line}\n`),
    });
    exitCodes.set(list, outcome.exitCode);
    return outcome;
  };
  const runner: RunnerOptions = {
    lists,
    listKey: (list) => listKeyOf(config, list),
    stateDir,
    job,
    log: (line, record) => {
      process.stdout.write(json ? JSON.stringify(record) + "\n" : line + "\n");
      // A refused or broken run is not a success for cron: 75 (try again later) and 1.
      if (record.status === "skipped") exitCodes.set(record.list, 75);
      else if (record.status === "failed" && !exitCodes.has(record.list)) exitCodes.set(record.list, 1);
    },
  };

  if (values.once || values.cron === undefined) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      await runListsOnce(runner, stop.signal);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    return Math.max(0, ...exitCodes.values());
  }

  const schedule = startSchedule({ ...runner, cron: values.cron, timezone });
  process.stderr.write(`news-digest schedule: "${values.cron}" in ${timezone} for ${lists.join(", ")}; next run ${describeNext(schedule.nextRun(), timezone)}\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal: leave now. The lock names a dead pid and the send log resumes.
        process.stderr.write(`news-digest schedule: ${signal} again, exiting without waiting\n`);
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      stopping = true;
      process.stderr.write(`news-digest schedule: ${signal}: no new runs; waiting for running ones to stop at a safe point\n`);
      void schedule.stop().then(() => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        process.stderr.write("news-digest schedule: stopped\n");
        resolve(0);
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

function describeNext(next: Date | null, timeZone: string): string {
  if (!next) return "never";
  const local = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "long" }).format(next);
  return `${local} (${next.toISOString()})`;
}

function usageError(message: string): number {
  process.stderr.write(`news-digest schedule: ${message}\n${USAGE}\n`);
  return 2;
}

