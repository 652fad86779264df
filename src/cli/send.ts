/**
 * `news-digest send`: argument parsing and wiring only. What happens to each recipient
 * is decided in ../deliver/send/ (engine.ts); the settings every message needs come
 * from ../deliver/send/job-setup.ts; an edition built from the config's sources goes
 * through the list's edition window as a scheduled one does
 * (../deliver/schedule/list-edition.ts). This file turns flags, config and environment
 * into those calls and prints the outcome.
 *
 * Exit codes: 0 done (also "already sent" and "nothing new", so a schedule can run it
 * blindly), 1 some recipients failed permanently (or the --test copy failed), 2 bad usage
 * or input, 75 paused, temporary failures left, or another sender holds the list (run
 * the same command again later).
 */
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { dateInZone } from "../text/index.js";
import { editionId as editionIdFor } from "../compose/index.js";
import { ConfigError, loadConfig, type Config } from "../config/index.js";
import type { RenderedEdition } from "../model.js";
import { EmailRuleError, TemplateError } from "../render/index.js";
import { defaultTemplatesDir } from "../render/index.js";
import { acquireLock, listLockPath } from "../state/index.js";
import type { ListEditionOptions } from "../app/schedule/index.js";
import { listKeyOf, sendToList } from "../app/schedule/index.js";
import { checkAddress } from "../deliver/send/index.js";
import { readEditionFile } from "../deliver/send/index.js";
import { exitCodeFor, type SendLimits, type SendReport } from "../deliver/send/index.js";
import { classifyFailure } from "../deliver/send/index.js";
import { sendJobFromConfig } from "../deliver/send/index.js";
import { parseRate } from "../config/index.js";
import { createProgress } from "../deliver/send/index.js";
import { readRecipientList } from "../deliver/send/index.js";
import { SendLockedError } from "../deliver/send/index.js";
import { formatReport } from "../deliver/send/index.js";
import { redact, type SmtpTarget } from "../deliver/send/index.js";
import { sendTestCopy } from "../deliver/send/index.js";
import { chooseStorySources, type StorySources } from "../config/index.js";

const USAGE = `usage: news-digest send --list FILE [--edition FILE | --stories PATH...] [options]

What is sent:
  --edition FILE      the compiled edition as it is (out/<edition>/edition.json from \`build\`)
  --stories PATH|URL  or an edition built now from all of these stories (repeatable)
  (neither)           or an edition built now from the config's "sources", with only the
                      stories new or updated since the last edition sent to this list:
                      run it every morning from cron and no story goes out twice

  --list FILE         subscribers: .csv (with an "email" header), .json (array) or .jsonl
  --templates DIR     templates for building (default: ./templates, else the built-in one)
  --out DIR           editions built from the config's sources are written to
                      DIR/<list>/<edition-id>/ (default: out)
  --config FILE       config file (default: news-digest.config.json if present)
  --smtp URL          smtp://user:pass@host:587 (else SMTP_URL, else config send.smtp)
  --dry-run           build and check every message; connect to nothing, record nothing
  --test ADDRESS      send one copy marked as a test to ADDRESS, outside the send log
                      (built from the config's sources, it holds every story: no list, no window)
  --rate N/s          most messages per second (or N/m, N/h)
  --concurrency N     messages in flight at once
  --force             send again to everyone, even if this edition already went out
  --json              print the report as JSON
`;

export async function runSend(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        list: { type: "string" },
        edition: { type: "string" },
        stories: { type: "string", multiple: true },
        templates: { type: "string" },
        out: { type: "string" },
        config: { type: "string" },
        smtp: { type: "string" },
        "dry-run": { type: "boolean" },
        test: { type: "string" },
        rate: { type: "string" },
        concurrency: { type: "string" },
        force: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.test !== undefined && values["dry-run"]) return usageError("--test and --dry-run exclude each other");
  if (values.test !== undefined) {
    const checked = checkAddress(values.test);
    if (!checked.ok) return usageError(`--test: ${checked.reason}`);
  }
  let target: SmtpTarget | undefined;
  const say = (text: string): void => void process.stderr.write(redact(text, target));
  try {
    const { config, file: configFile } = await loadConfig(values.config);
    const limits = limitOverrides(values.rate, values.concurrency);
    if (typeof limits === "string") return usageError(limits);
    if (values.edition !== undefined && values.stories !== undefined) return usageError("--edition and --stories exclude each other");
    const stories = values.edition === undefined ? chooseStorySources(values.stories, config, configFile) : undefined;
    if (values.edition === undefined && stories === undefined) {
      return usageError('say what to send: --edition out/<edition>/edition.json (from `build`), --stories PATH, or "sources" in the config');
    }
    if (values.test === undefined && values.list === undefined) return usageError("--list FILE is required");
    const dryRun = values["dry-run"] === true;
    // Before any building: a missing key or server is reported at once.
    const setup = await sendJobFromConfig(config, { smtp: values.smtp, connect: !dryRun || values.test !== undefined, limits });
    target = setup.target;
    const templatesDir = values.templates ?? defaultTemplatesDir();
    const buildFrom = (input: StorySources): Promise<RenderedEdition> => buildNow(config, input, templatesDir, setup.unsubscribe.tokenKey);

    if (values.test !== undefined) {
      const edition = values.edition !== undefined ? await readEditionFile(values.edition) : await buildFrom(stories!);
      let info: { messageId?: string };
      try {
        info = await sendTestCopy({
          ...setup.forEdition(edition),
          address: values.test,
          name: config.preview.recipient.name,
          mailer: setup.openMailer(1),
          now: new Date(),
        });
      } catch (error) {
        say(`news-digest send: test copy to ${values.test} not sent: ${classifyFailure(error).reason}\n`);
        return 1;
      }
      const line = `test copy of ${edition.editionId} sent to ${values.test} via ${target!.display} (${info.messageId ?? "no message id"})`;
      process.stdout.write(values.json ? JSON.stringify({ test: values.test, edition: edition.editionId, messageId: info.messageId ?? null }) + "\n" : line + "\n");
      return 0;
    }

    const listPath = values.list!;
    const tty = process.stderr.isTTY === true;
    const progress = createProgress({
      stream: process.stderr,
      tty,
      total: tty ? await countRows(listPath) : undefined,
      redact: (text) => redact(text, target),
    });
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const run = {
      config,
      list: listPath,
      stateDir: config.send.stateDir,
      setup,
      force: values.force === true,
      dryRun,
      observer: progress,
      signal: stop.signal,
    };
    const printReport = (report: SendReport): void => {
      progress.finish();
      const out = values.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report);
      process.stdout.write(redact(out, target));
      // The exact command that resumes: run again, it sends only to those not yet reached
      // (a paused --force round is resumed, not restarted; see roundComplete).
      if (report.outcome === "paused" || report.deferredCount > 0) say(`to resume without sending anyone a second copy, run: ${resumeCommand(argv)}\n`);
    };
    try {
      if (values.edition === undefined && values.stories === undefined) {
        const { sources, baseDir } = stories!;
        return await sendFromSources({ ...run, sources, ...(baseDir !== undefined ? { sourcesBaseDir: baseDir } : {}), templatesDir, outDir: values.out ?? "out", json: values.json === true, say, printReport });
      }
      const edition = values.edition !== undefined ? await readEditionFile(values.edition) : await buildFrom(stories!);
      if (target) say(`sending ${edition.editionId} to ${listPath} via ${target.display}\n`);
      const report = await sendToList({ ...run, edition });
      printReport(report);
      return exitCodeFor(report);
    } finally {
      progress.finish();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      say(error.issues.map((issue) => `news-digest send: ${issue}\n`).join(""));
      return 2;
    }
    if (error instanceof SendLockedError) {
      say(`news-digest send: ${error.message}\n`);
      return 75;
    }
    if (error instanceof TemplateError || error instanceof EmailRuleError) {
      say(`${error.message}\n`);
      return 2;
    }
    say(`news-digest send: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

type ListEditionRun = Omit<ListEditionOptions, "now" | "warn"> & {
  json: boolean;
  say: (text: string) => void;
  printReport: (report: SendReport) => void;
};

/**
 * The next edition for the list from the config's sources, as a scheduled run makes
 * it: only what is new or updated since the list's last edition, under the list's
 * lock (so it never overlaps `schedule` or another `send` on the same list).
 */
async function sendFromSources(run: ListEditionRun): Promise<number> {
  const { config, list, say } = run;
  const now = new Date();
  const listKey = listKeyOf(config, list);
  const editionId = editionIdFor(dateInZone(now, config.timeZone), config.slug);
  // A dry run records nothing, so it needs no lock and may look while a send runs.
  const lock = run.dryRun ? undefined : acquireLock(listLockPath(run.stateDir, listKey), { purpose: "send" });
  if (lock && !lock.acquired) {
    say(`news-digest send: ${list}: ${lock.reason}; run it again later\n`);
    return 75;
  }
  try {
    const via = run.setup?.target ? ` via ${run.setup.target.display}` : "";
    say(`${editionId} for ${list}: stories from ${count(run.sources.length, "source")} since the list's last edition${via}\n`);
    // Loaded on demand, as buildNow loads the pipeline: it is heavy, and most runs send a built edition.
    const { runListEdition } = await import("../app/schedule/index.js");
    const outcome = await runListEdition({ ...run, now, warn: (line) => say(`${line}\n`) });
    if (outcome.report) {
      run.printReport(outcome.report);
      say(`${outcome.summary}\n`);
    } else {
      // Nothing new (or stopped before sending): nothing was built or sent, so there is no send report.
      const shown = { edition: outcome.editionId ?? editionId, list: listKey, outcome: outcome.status, summary: outcome.summary };
      process.stdout.write(run.json ? JSON.stringify(shown, null, 2) + "\n" : `edition ${shown.edition} to list ${listKey}: ${outcome.summary}\n`);
    }
    return outcome.exitCode;
  } finally {
    lock?.release();
  }
}

function usageError(message: string): number {
  process.stderr.write(`news-digest send: ${message}\n${USAGE}`);
  return 2;
}

/** --rate and --concurrency as overrides of the config's limits, or a one-line usage error. */
function limitOverrides(rate: string | undefined, concurrency: string | undefined): Partial<SendLimits> | string {
  const limits: Partial<SendLimits> = {};
  if (rate !== undefined) {
    const perSecond = parseRate(rate);
    if (perSecond === null) return `--rate: expected a rate such as 10/s or 600/m, got "${rate}"`;
    limits.ratePerSecond = perSecond;
  }
  if (concurrency !== undefined) {
    const n = Number(concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 100) return `--concurrency: expected a whole number from 1 to 100, got "${concurrency}"`;
    limits.concurrency = n;
  }
  return limits;
}

/** The edition built from stories, as `build` would build it now (unreadable stories are reported and skipped). */
async function buildNow(config: Config, input: StorySources, templatesDir: string, tokenKey: string): Promise<RenderedEdition> {
  // Loaded on demand: the pipeline (language models, MJML) is heavy, and most runs send a built edition.
  const { buildEdition } = await import("../pipeline.js");
  const built = await buildEdition({
    stories: input.sources,
    ...(input.baseDir !== undefined ? { storiesBaseDir: input.baseDir } : {}),
    templatesDir,
    config,
    now: new Date(),
    tokenKey,
  });
  for (const error of built.inputErrors) {
    process.stderr.write(`${error.line === undefined ? error.file : `${error.file}:${error.line}`}: ${error.message}\n`);
  }
  return built.render.edition;
}

/**
 * Rows in the list, for the progress bar only (a terminal is watching). Only a regular
 * file can be read twice: counting a pipe (`--list <(export-subscribers)`) would drain
 * it and leave the send with nobody, so a pipe gets a bar without a total.
 */
export async function countRows(path: string): Promise<number | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    let rows = 0;
    for await (const _ of readRecipientList(path)) rows++;
    return rows;
  } catch {
    return undefined; // the real read reports the problem
  }
}

/** The command line of this run, quoted for a POSIX shell. */
function resumeCommand(argv: readonly string[]): string {
  const quote = (arg: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ["news-digest", "send", ...argv.map(quote)].join(" ");
}

function count(value: number, one: string): string {
  return `${value} ${value === 1 ? one : `${one}s`}`;
}
