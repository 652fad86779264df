/**
 * `news-digest send`: flags and wiring only. What happens to each recipient is decided
 * by the list run in ../deliver/send/ (list-run.ts), opened from the newsletter's
 * settings (newsletter.ts); an edition built from the config's sources goes through
 * the list's edition window as a scheduled one does (../app/schedule/list-edition.ts).
 * This file turns flags, config and environment into those calls and prints the outcome.
 *
 * Exit codes (the kit's table): 0 done (also "already sent" and "nothing new", so a
 * schedule can run it blindly), 1 some recipients failed permanently (or the --test copy
 * failed), 2 bad usage or input, 75 paused, temporary failures left, or another sender
 * holds the list (run the same command again later).
 */
import { dateInZone } from "../text/index.js";
import { editionId as editionIdFor } from "../compose/index.js";
import { ConfigError, listRefFor, loadConfig, type Config, type ListRef } from "../config/index.js";
import type { RenderedEdition, SendLimits } from "../model.js";
import { EmailRuleError, TemplateError } from "../render/index.js";
import { defaultTemplatesDir } from "../render/index.js";
import { acquireLock, listLockPath } from "../state/index.js";
import type { EditionFromSources } from "../app/schedule/index.js";
import { archiveIfDelivered } from "../app/archive/index.js";
import type { BuiltEdition } from "../pipeline.js";
import { checkAddress, checkListFile } from "../deliver/send/index.js";
import { readEditionFile } from "../deliver/send/index.js";
import { exitCodeFor, openListRun, type RunOptions, type SendReport } from "../deliver/send/index.js";
import { classifyFailure } from "../deliver/send/index.js";
import { newsletterFromConfig, type Newsletter } from "../deliver/send/index.js";
import { listIdentityFrom, parseRate } from "../config/index.js";
import type { QueueTarget } from "../deliver/queue/index.js";
import { createProgress, estimateRows } from "../deliver/send/index.js";
import { SendLockedError } from "../deliver/ledger/index.js";
import { formatReport } from "../deliver/send/index.js";
import { redact, type SmtpTarget } from "../deliver/send/index.js";
import { sendTestCopy } from "../deliver/send/index.js";
import { chooseStorySources, type StorySources } from "../config/index.js";
import { type CommandIo, CONFIG_OPTION, defineCommand, EXIT, favourMemoryOverSpeed, formatLocated, type OptionValues, PROGRAM, SMTP_OPTION, streamOf, TEMPLATES_OPTION, UsageError } from "./kit/index.js";

const SEND_OPTIONS = {
  edition: { type: "string", value: "FILE", description: "send the compiled edition as it is (out/<edition>/edition.json from `build`)" },
  stories: { type: "string", value: "PATH|URL", multiple: true, description: "or an edition built now from all of these stories (repeatable)" },
  list: { type: "string", value: "FILE|NAME", description: 'subscribers: .csv (with an "email" header), .json (array) or .jsonl; or a name from the config\'s send.lists' },
  templates: TEMPLATES_OPTION,
  out: { type: "string", value: "DIR", description: "editions built from the config's sources are written to DIR/<list>/<edition-id>/ (default: out)" },
  config: CONFIG_OPTION,
  smtp: SMTP_OPTION,
  "dry-run": { type: "boolean", description: "build and check every message and list who would get one; connect to nothing, record nothing" },
  test: {
    type: "string",
    value: "ADDRESS",
    description: "send one copy marked as a test to ADDRESS, outside the send log (built from the config's sources, it holds every story: no list, no window)",
  },
  rate: { type: "string", value: "N/s", description: "most messages per second (or N/m, N/h)" },
  concurrency: { type: "string", value: "N", description: "messages in flight at once" },
  force: { type: "boolean", description: "send again to everyone, even if this edition already went out" },
  queue: { type: "string", value: "URL", description: "redis://HOST:PORT/DB: queue the readers for `news-digest worker`s instead of sending from here" },
  detach: { type: "boolean", description: "with --queue: return once the readers are queued, without following the workers" },
  status: { type: "boolean", description: "with --queue: show where queued editions stand (this --edition's, or all) and exit" },
  json: { type: "boolean", description: "print the report as JSON" },
} as const;

type SendValues = OptionValues<typeof SEND_OPTIONS>;

export const sendCommand = defineCommand({
  name: "send",
  summary: "send the edition to a list over SMTP (exactly once per subscriber)",
  usage: "--list FILE [--edition FILE | --stories PATH...] [options]",
  about: `What is sent: --edition FILE as it is; or an edition built now from --stories; or,
with neither, an edition built now from the config's "sources" with only the stories
new or updated since the last edition sent to this list: run it every morning from
cron and no story goes out twice.`,
  options: SEND_OPTIONS,
  graceful: true,
  async run({ values, argv, io, signal }) {
    const out = new SendOutput(io);
    try {
      const queue = await queueTargetOf(values, io);
      if (queue) out.hide(queue.password);
      if (values.status) return await sendStatus(values, queue, io, out);
      const plan = await planSend(values, io);
      out.target = plan.newsletter.target;
      if (values.test !== undefined) return await sendTest(plan, values.test, values.json === true, out);
      if (queue) return await sendToQueue(plan, values, queue, { signal, out });
      return await sendList(plan, values, { argv, signal, out });
    } catch (error) {
      return explainSendFailure(error, out);
    }
  },
});

/** stderr and stdout for a send: the SMTP password never reaches either, once the server is known. */
class SendOutput {
  target: SmtpTarget | undefined;
  /** Other secrets that may be echoed (the queue's Redis password). */
  private readonly hidden: string[] = [];
  constructor(readonly io: CommandIo) {}
  hide(secret: string | undefined): void {
    if (secret) this.hidden.push(secret, encodeURIComponent(secret));
  }
  redact(text: string): string {
    let shown = redact(text, this.target);
    for (const secret of this.hidden) shown = shown.split(secret).join("***");
    return shown;
  }
  /** A line on stderr, as is. */
  say(line: string): void {
    this.io.stderr(this.redact(`${line}\n`));
  }
  /** A line on stderr, prefixed with the command's name. */
  complain(line: string): void {
    this.say(`${PROGRAM} send: ${line}`);
  }
  print(text: string): void {
    this.io.stdout(this.redact(text));
  }
}

/** What the flags and the config ask for, checked, with the server and key ready; nothing built or sent yet. */
interface SendPlan {
  config: Config;
  newsletter: Newsletter;
  /** --list, resolved: the file and the name reports use for it. */
  list: ListRef | undefined;
  templatesDir: string;
  dryRun: boolean;
  /** --edition: the compiled edition file to send as it is. */
  editionFile: string | undefined;
  /** Otherwise the stories to build from. */
  stories: StorySources | undefined;
  io: CommandIo;
}

async function planSend(values: SendValues, io: CommandIo): Promise<SendPlan> {
  if (values.test !== undefined && values["dry-run"]) throw new UsageError("--test and --dry-run exclude each other");
  if (values.test !== undefined) {
    const checked = checkAddress(values.test);
    if (!checked.ok) throw new UsageError(`--test: ${checked.reason}`);
  }
  const { config, file: configFile } = await loadConfig(values.config, io.cwd);
  const limits = limitOverrides(values.rate, values.concurrency);
  if (values.edition !== undefined && values.stories !== undefined) throw new UsageError("--edition and --stories exclude each other");
  const stories = values.edition === undefined ? chooseStorySources(values.stories, config, configFile) : undefined;
  if (values.edition === undefined && stories === undefined) {
    throw new UsageError('say what to send: --edition out/<edition>/edition.json (from `build`), --stories PATH, or "sources" in the config');
  }
  if (values.test === undefined && values.list === undefined) throw new UsageError("--list FILE is required");
  const dryRun = values["dry-run"] === true;
  const queued = values.queue !== undefined && values.test === undefined;
  // Before any building: a missing key or server is reported at once. Queued readers are
  // mailed by the workers: no server here, but no placeholder sender or links either.
  const newsletter = await newsletterFromConfig(config, {
    smtp: values.smtp,
    connect: (!dryRun && !queued) || values.test !== undefined,
    testCopiesOnly: values.test !== undefined,
    mailedElsewhere: queued,
    limits,
    env: io.env,
  });
  const list = values.list === undefined ? undefined : listRefFor(config.send.lists, values.list, io.cwd);
  return { config, newsletter, list, templatesDir: values.templates ?? defaultTemplatesDir(), dryRun, editionFile: values.edition, stories, io };
}

/** The edition to send, and what it was built from when it was built now (for its web copy). */
interface SendEdition {
  edition: RenderedEdition;
  built?: BuiltEdition;
}

/** --edition as it is, or the edition built now from the stories. */
async function editionOf(plan: SendPlan): Promise<SendEdition> {
  if (plan.editionFile !== undefined) return { edition: await readEditionFile(plan.editionFile) };
  const built = await buildNow(plan, plan.stories!);
  return { edition: built.render.edition, built };
}

/** --test ADDRESS: one copy marked as a test, outside the send log. */
async function sendTest(plan: SendPlan, address: string, json: boolean, out: SendOutput): Promise<number> {
  const { edition } = await editionOf(plan);
  let info: { messageId?: string };
  try {
    info = await sendTestCopy({
      messages: plan.newsletter.messagesFor(edition),
      address,
      name: plan.config.preview.recipient.name,
      messenger: plan.newsletter.smtpMessenger(1),
      now: new Date(),
    });
  } catch (error) {
    out.complain(`test copy to ${address} not sent: ${classifyFailure(error).reason}`);
    return EXIT.failed;
  }
  const messageId = info.messageId ?? null;
  out.print(
    json
      ? JSON.stringify({ test: address, edition: edition.editionId, messageId }) + "\n"
      : `test copy of ${edition.editionId} sent to ${address} via ${plan.newsletter.target!.display} (${messageId ?? "no message id"})\n`,
  );
  return EXIT.done;
}

/** --queue, checked against the flags it cannot go with; undefined without it. */
async function queueTargetOf(values: SendValues, io: CommandIo): Promise<QueueTarget | undefined> {
  if (values.queue === undefined) {
    for (const flag of ["detach", "status"] as const) if (values[flag]) throw new UsageError(`--${flag} goes with --queue redis://HOST:PORT/DB`);
    return undefined;
  }
  for (const flag of ["dry-run", "force"] as const) {
    if (values[flag]) throw new UsageError(`--${flag} does not go with --queue: ${flag === "dry-run" ? "a dry run queues nothing; leave out --queue" : "a forced round is not queued yet; send it locally"}`);
  }
  if (values.test !== undefined) throw new UsageError("--test sends one copy from here; leave out --queue");
  if (!values.status && values.edition === undefined && values.stories === undefined) {
    throw new UsageError("--queue sends a given edition: add --edition out/<edition>/edition.json or --stories PATH");
  }
  // Loaded only here: BullMQ and the Redis client are for queued sends alone.
  const { QueueUrlError, resolveQueueTarget } = await import("../deliver/queue/index.js");
  try {
    return resolveQueueTarget(values.queue, io.env);
  } catch (error) {
    if (error instanceof QueueUrlError) throw new UsageError(error.message);
    throw error;
  }
}

/** --queue: the edition queued for the workers (and followed, unless --detach). */
async function sendToQueue(plan: SendPlan, values: SendValues, queue: QueueTarget, run: { signal: AbortSignal; out: SendOutput }): Promise<number> {
  const list = plan.list!;
  await checkListFile(list.path);
  const { edition } = await editionOf(plan);
  const { sendThroughQueue } = await import("./send-queue.js");
  return sendThroughQueue({
    newsletter: plan.newsletter,
    list,
    edition,
    target: queue,
    detach: values.detach === true,
    json: values.json === true,
    io: plan.io,
    signal: run.signal,
    say: (line) => run.out.complain(line),
    print: (text) => run.out.print(text),
  });
}

/** --status --queue: where queued editions stand (this --edition's, or every one). */
async function sendStatus(values: SendValues, queue: QueueTarget | undefined, io: CommandIo, out: SendOutput): Promise<number> {
  if (!queue) throw new UsageError("--status goes with --queue redis://HOST:PORT/DB");
  const { config } = await loadConfig(values.config, io.cwd);
  const editionId = values.edition === undefined ? undefined : (await readEditionFile(values.edition)).editionId;
  const { printQueueStatus } = await import("./send-queue.js");
  return printQueueStatus(queue, listIdentityFrom(config).listId, { ...(editionId !== undefined ? { editionId } : {}), json: values.json === true, print: (text) => out.print(text), complain: (line) => out.complain(line) });
}

/** The send to --list, with a progress display, stopping at a safe point on `signal`. */
async function sendList(plan: SendPlan, values: SendValues, run: { argv: string[]; signal: AbortSignal; out: SendOutput }): Promise<number> {
  const { out } = run;
  const list = plan.list!;
  // A list that is not there is bad input, said before anything is built or locked.
  await checkListFile(list.path);
  const tty = plan.io.stderrIsTerminal === true;
  const progress = createProgress({
    stream: streamOf(plan.io.stderr),
    tty,
    total: tty ? await estimateRows(list.path) : undefined,
    redact: (text) => out.redact(text),
  });
  const options: RunOptions = { force: values.force === true, dryRun: plan.dryRun, observer: progress, signal: run.signal };
  // A list run streams every reader and keeps almost none: bounded memory for any list
  // size beats the little CPU the extra collecting costs (see kit/heap.ts).
  favourMemoryOverSpeed();
  const printReport = (report: SendReport): void => {
    progress.finish();
    out.print(values.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
    // The exact command that resumes: run again, it sends only to those not yet reached
    // (a paused --force round is resumed, not restarted; see roundComplete).
    if (report.outcome === "paused" || report.deferredCount > 0) out.say(`to resume without sending anyone a second copy, run: ${resumeCommand(run.argv)}`);
  };
  try {
    if (plan.editionFile === undefined && values.stories === undefined) {
      const build: EditionFromSources = { sources: plan.stories!, templatesDir: plan.templatesDir, outDir: values.out ?? "out", warn: (line) => out.say(line) };
      return await sendFromSources(plan, list, { build, options, json: values.json === true, out, printReport });
    }
    const { edition, built } = await editionOf(plan);
    if (plan.newsletter.target) out.say(`sending ${edition.editionId} to ${list.name} via ${plan.newsletter.target.display}`);
    const report = await (await openListRun(plan.newsletter, list, edition, options)).execute();
    // --edition FILE carries no digest to render a web copy from: only an edition built
    // now (--stories) is archived here; `build` output sent later stays out of the archive.
    if (built) await archiveBuilt(plan, built, report, out);
    printReport(report);
    return exitCodeFor(report);
  } finally {
    progress.finish();
  }
}

/** The web copy of an edition built now, once it reached someone; a copy that cannot be written is said, and the send stands. */
async function archiveBuilt(plan: SendPlan, built: BuiltEdition, report: SendReport, out: SendOutput): Promise<void> {
  try {
    await archiveIfDelivered(report, plan.newsletter.stateDir, { digest: built.digest, templates: built.templates, config: plan.config, sentAt: new Date() });
  } catch (error) {
    out.complain(`${report.edition}: web copy not archived: ${(error as Error).message}`);
  }
}

/** A failure of the send as its exit code: usage and config mistakes are left to the kit. */
function explainSendFailure(error: unknown, out: SendOutput): number {
  if (error instanceof UsageError || error instanceof ConfigError) throw error;
  if (error instanceof SendLockedError) {
    out.complain(error.message);
    return EXIT.tryLater;
  }
  if (error instanceof TemplateError || error instanceof EmailRuleError) {
    out.say(error.message);
    return EXIT.usage;
  }
  // Anything else is bad input the lower layers named: a list without an email column, a broken --smtp url.
  out.complain(error instanceof Error ? error.message : String(error));
  return EXIT.usage;
}

interface FromSources {
  build: EditionFromSources;
  options: RunOptions;
  json: boolean;
  out: SendOutput;
  printReport: (report: SendReport) => void;
}

/**
 * The next edition for the list from the config's sources, as a scheduled run makes
 * it: only what is new or updated since the list's last edition, under the list's
 * lock (so it never overlaps `schedule` or another `send` on the same list).
 */
async function sendFromSources(plan: SendPlan, list: ListRef, run: FromSources): Promise<number> {
  const { config, newsletter } = plan;
  const { out } = run;
  const now = new Date();
  const editionId = editionIdFor(dateInZone(now, config.timeZone), config.slug);
  // A dry run records nothing, so it needs no lock and may look while a send runs.
  const lock = plan.dryRun ? undefined : acquireLock(listLockPath(await newsletter.listState(list)), { purpose: "send" });
  if (lock && !lock.acquired) {
    out.complain(`${list.name}: ${lock.reason}; run it again later`);
    return EXIT.tryLater;
  }
  try {
    const via = newsletter.target ? ` via ${newsletter.target.display}` : "";
    out.say(`${editionId} for ${list.name}: stories from ${count(run.build.sources.sources.length, "source")} since the list's last edition${via}`);
    // Loaded on demand, as buildNow loads the pipeline: it is heavy, and most runs send a built edition.
    const { runListEdition } = await import("../app/schedule/index.js");
    const outcome = await runListEdition({ config, newsletter, list, build: run.build, run: run.options, now });
    if (outcome.report) {
      run.printReport(outcome.report);
      out.say(outcome.summary);
    } else {
      // Nothing new (or stopped before sending): nothing was built or sent, so there is no send report.
      const shown = { edition: outcome.editionId ?? editionId, list: list.name, outcome: outcome.status, summary: outcome.summary };
      out.print(run.json ? JSON.stringify(shown, null, 2) + "\n" : `edition ${shown.edition} to list ${list.name}: ${outcome.summary}\n`);
    }
    return outcome.exitCode;
  } finally {
    lock?.release();
  }
}

/** --rate and --concurrency as overrides of the config's limits; a bad value is a UsageError. */
function limitOverrides(rate: string | undefined, concurrency: string | undefined): Partial<SendLimits> {
  const limits: Partial<SendLimits> = {};
  if (rate !== undefined) {
    const perSecond = parseRate(rate);
    if (perSecond === null) throw new UsageError(`--rate: expected a rate such as 10/s or 600/m, got "${rate}"`);
    limits.ratePerSecond = perSecond;
  }
  if (concurrency !== undefined) {
    const n = Number(concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--concurrency: expected a whole number from 1 to 100, got "${concurrency}"`);
    limits.concurrency = n;
  }
  return limits;
}

/** The edition built from stories, as `build` would build it now (unreadable stories are reported and skipped). */
async function buildNow(plan: SendPlan, input: StorySources): Promise<BuiltEdition> {
  // Loaded on demand: the pipeline (language models, MJML) is heavy, and most runs send a built edition.
  const { buildEdition } = await import("../pipeline.js");
  const built = await buildEdition({
    stories: input.sources,
    ...(input.baseDir !== undefined ? { storiesBaseDir: input.baseDir } : {}),
    templatesDir: plan.templatesDir,
    config: plan.config,
    now: new Date(),
    tokenKey: plan.newsletter.unsubscribe.tokenKey,
  });
  for (const error of built.inputErrors) plan.io.stderr(formatLocated(error) + "\n");
  return built;
}

/** The command line of this run, quoted for a POSIX shell. */
function resumeCommand(argv: readonly string[]): string {
  const quote = (arg: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [PROGRAM, "send", ...argv.map(quote)].join(" ");
}

function count(value: number, one: string): string {
  return `${value} ${value === 1 ? one : `${one}s`}`;
}
