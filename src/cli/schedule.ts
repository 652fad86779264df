/**
 * `news-digest schedule`: build and send editions on a cron schedule, in the
 * foreground (for systemd, a container, or a terminal). Flags and wiring only: the
 * schedule and its lock are in ../app/schedule/.
 */
import { resolve } from "node:path";
import { listRefFor, loadConfig, type Config, type ListRef } from "../config/index.js";
import { checkSchedule, runListEdition, runListsOnce, startSchedule, type EditionJob, type RunnerOptions } from "../app/schedule/index.js";
import { DkimConfigError, newsletterFromConfig, PlaceholderSettingsError, TokenKeyError, type Newsletter } from "../deliver/send/index.js";
import { listStateDir } from "../deliver/ledger/index.js";
import { SmtpConfigError } from "../deliver/send/index.js";
import { listLockPath } from "../state/index.js";
import { chooseStorySources, type StorySources } from "../config/index.js";
import { defaultTemplatesDir } from "../render/index.js";
import { type CommandIo, CONFIG_OPTION, defineCommand, EXIT, type OptionValues, SMTP_OPTION, STATE_OPTION, TEMPLATES_OPTION, UsageError } from "./kit/index.js";

const SCHEDULE_OPTIONS = {
  cron: { type: "string", value: "PATTERN", description: 'e.g. "0 7 * * *" (07:00 daily); six fields add seconds' },
  tz: { type: "string", value: "ZONE", description: "IANA zone the pattern is read in (default: the config's timeZone)" },
  list: { type: "string", value: "FILE|NAME", multiple: true, description: "subscribers file, or a name from the config's send.lists; repeat for several lists (run one after another)" },
  once: { type: "boolean", description: "run once for every list now and exit (for cron or a systemd timer)" },
  stories: { type: "string", value: "PATH|URL", multiple: true, description: "folder, file or feed URL (repeatable; default: the config's sources)" },
  templates: TEMPLATES_OPTION,
  out: { type: "string", value: "DIR", description: "editions are written to DIR/<list>/<edition-id>/ (default: out)" },
  state: STATE_OPTION,
  config: CONFIG_OPTION,
  smtp: SMTP_OPTION,
  strict: { type: "boolean", description: "a source that cannot be read fails the run" },
  json: { type: "boolean", description: "one JSON object per run instead of a text line" },
} as const;

type ScheduleValues = OptionValues<typeof SCHEDULE_OPTIONS>;

export const scheduleCommand = defineCommand({
  name: "schedule",
  summary: "build and send editions on a cron schedule (foreground)",
  usage: "--cron PATTERN --list FILE [options]",
  about: `Builds and sends an edition to each list on a cron schedule, in the foreground.
Each run takes the stories new or updated since the list's last edition, logs
one line with its result, and never overlaps another run on the same list.`,
  options: SCHEDULE_OPTIONS,
  graceful: true,
  async run({ values, io, signal, say }) {
    const plan = await planSchedule(values, io);
    const exitCodes = new Map<string, number>();
    const runner = runnerOptions(plan, exitCodes, io);
    if (plan.cron === undefined) {
      await runListsOnce(runner, signal);
      return Math.max(EXIT.done, ...exitCodes.values());
    }
    return runOnSchedule(runner, plan, plan.cron, { signal, say });
  },
});

/** What the flags and the config ask for, checked now rather than at 07:00 tomorrow. */
interface SchedulePlan {
  config: Config;
  newsletter: Newsletter;
  lists: ListRef[];
  /** The cron pattern; undefined with --once. */
  cron: string | undefined;
  timezone: string;
  input: StorySources;
  templatesDir: string;
  outDir: string;
  values: ScheduleValues;
}

async function planSchedule(values: ScheduleValues, io: CommandIo): Promise<SchedulePlan> {
  const { config, file: configFile } = await loadConfig(values.config, io.cwd);
  const lists = (values.list ?? []).map((given) => listRefFor(config.send.lists, given, io.cwd));
  if (lists.length === 0) throw new UsageError("--list FILE is required");
  // The name keys a list's edition history: two lists may not share one.
  const names = lists.map((list) => list.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new UsageError(`two lists are called "${twice}": give them names of their own in the config's send.lists`);
  if (!values.once && values.cron === undefined) throw new UsageError("--cron PATTERN is required (or --once to run now and exit)");
  const timezone = values.tz ?? config.timeZone;
  if (values.cron !== undefined) {
    const problem = checkSchedule(values.cron, timezone);
    if (problem) throw new UsageError(problem);
  }
  // Paths on the command line are read from the working directory, paths in the config from the config's folder.
  const input = chooseStorySources(values.stories, config, configFile);
  if (!input) throw new UsageError('no sources: set "sources" in the config or pass --stories PATH|URL');
  // Settings every run needs are checked now, not at 07:00 tomorrow.
  let newsletter: Newsletter;
  try {
    newsletter = await newsletterFromConfig(config, {
      smtp: values.smtp,
      env: io.env,
      ...(values.state !== undefined ? { stateDir: resolve(io.cwd, values.state) } : {}),
    });
  } catch (error) {
    if (error instanceof TokenKeyError || error instanceof SmtpConfigError || error instanceof PlaceholderSettingsError || error instanceof DkimConfigError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  return {
    config,
    newsletter,
    lists,
    cron: values.once ? undefined : values.cron,
    timezone,
    input,
    templatesDir: values.templates ?? defaultTemplatesDir(),
    outDir: values.out ?? "out",
    values,
  };
}

/** The runs' settings: each list's edition job, and a log line per run; `exitCodes` collects each list's outcome. */
function runnerOptions(plan: SchedulePlan, exitCodes: Map<string, number>, io: CommandIo): RunnerOptions {
  const { config, newsletter, values } = plan;
  const lists = new Map(plan.lists.map((list) => [list.name, list]));
  const job: EditionJob = async ({ list: name, signal }) => {
    const list = lists.get(name)!;
    const outcome = await runListEdition({
      config,
      newsletter,
      list,
      build: { sources: plan.input, templatesDir: plan.templatesDir, outDir: plan.outDir, strict: values.strict === true, warn: (line) => io.stderr(`${name}: ${line}\n`) },
      run: { signal },
      now: new Date(),
    });
    exitCodes.set(name, outcome.exitCode);
    return outcome;
  };
  return {
    lists: [...lists.keys()],
    lockPath: (name) => listLockPath(listStateDir(newsletter.stateDir, newsletter.identity.listId, name)),
    job,
    log: (line, record) => {
      io.stdout(values.json === true ? JSON.stringify(record) + "\n" : line + "\n");
      // A refused or broken run is not a success for cron: 75 (try again later) and 1.
      if (record.status === "skipped") exitCodes.set(record.list, EXIT.tryLater);
      else if (record.status === "failed" && !exitCodes.has(record.list)) exitCodes.set(record.list, EXIT.failed);
    },
  };
}

/** Runs on the pattern until `signal`; then starts no new run and waits for running ones to stop at a safe point. */
async function runOnSchedule(runner: RunnerOptions, plan: SchedulePlan, cron: string, stop: { signal: AbortSignal; say: (line: string) => void }): Promise<number> {
  const { signal, say } = stop;
  const schedule = startSchedule({ ...runner, cron, timezone: plan.timezone });
  say(`"${cron}" in ${plan.timezone} for ${plan.lists.map((list) => list.name).join(", ")}; next run ${describeNext(schedule.nextRun(), plan.timezone)}`);
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  say(`${typeof signal.reason === "string" ? signal.reason : "stop"}: no new runs; waiting for running ones to stop at a safe point`);
  await schedule.stop();
  say("stopped");
  return EXIT.done;
}

function describeNext(next: Date | null, timeZone: string): string {
  if (!next) return "never";
  const local = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "long" }).format(next);
  return `${local} (${next.toISOString()})`;
}
