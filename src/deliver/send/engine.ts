/**
 * Sends one edition to one list, exactly once per subscriber, across crashes and
 * misbehaving servers.
 *
 * Shape: `concurrency` senders pull from one stream of list rows. A row is skipped when
 * it is invalid, a duplicate, or already settled in the send log; otherwise the sender
 * builds the message, writes "try" to the log and waits for it to be on disk, hands the
 * message to the pooled transport (retrying transient failures with backoff), and writes
 * the outcome. Progress is therefore recorded per message, after the fact, never per
 * batch ahead of it. Failures that repeat without a success in between, or that concern
 * the setup rather than a recipient (authentication, TLS), pause the run; running the
 * same command again resumes it. A refusal that may be the server's doing rather than
 * the reader's is recorded as deferred, and written off only once a later success shows
 * the server delivers: a crash or a pause in between leaves the reader to the next run.
 */
import type { SendMailOptions } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import type { ListIdentity, SendLimits, PersonalMessage, Personalization, Recipient, RenderedEdition } from "../../model.js";
export type { ListIdentity, SendLimits };
import { buildMailOptions, type MessageOptions } from "./message.js";
import { addressKey } from "./address.js";
import { backoffDelay, classifyFailure, setupProblemLine, type Failure } from "./failures.js";
import { nothingNewSince, readHistory, recordEdition } from "./history.js";
import { Pacer } from "./pacer.js";
import type { ListEntry } from "./recipients.js";
import { Mark, replaySendLog, roundComplete, SendLock, SendLog, type LogState } from "./send-log.js";
import { statePaths } from "./state-paths.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../links/index.js";

/** Fills one recipient's fields into a compiled edition (render's personalize()). */
export type Personalize = (edition: RenderedEdition, personalization: Personalization) => PersonalMessage;

/** The transport, as the sender sees it: nodemailer's pooled transporter fits. */
export interface Mailer {
  sendMail(mail: SendMailOptions): Promise<{ messageId?: string; response?: string }>;
  close(): void;
}

export const DEFAULT_LIMITS: SendLimits = {
  concurrency: 5,
  retries: 5,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  maxConsecutiveFailures: 20,
};


export interface SendJob {
  edition: RenderedEdition;
  /** The list's rows, read once, in order (see readRecipientList). */
  recipients: AsyncIterable<ListEntry>;
  /** Key of the list in the state folder (see listKeyFor). */
  listKey: string;
  stateDir: string;
  personalize: Personalize;
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  viewInBrowserUrl: string;
  /** Called once, at the first message that must go out. */
  openMailer: () => Mailer;
  limits: SendLimits;
  force?: boolean;
  /**
   * Stories of the edition that were sent before but changed since (the edition
   * window's "updated" stories): they count as new for the "nothing new" rule.
   */
  updatedStoryIds?: readonly string[];
  /** Build and check every message; no connection, no log. */
  dryRun?: boolean;
  observer?: SendObserver;
  /** Stops taking new recipients; messages in flight finish and are recorded. */
  signal?: AbortSignal;
  now?: () => Date;
  random?: () => number;
}

export interface Counters {
  /** Rows read so far (including invalid ones and duplicates). */
  rows: number;
  sent: number;
  failed: number;
  deferred: number;
  /** Recipients skipped because an earlier run settled them. */
  skipped: number;
}

export interface SendObserver {
  started?(info: { round: number; uncertain: number; interrupted: boolean; resumed: boolean }): void;
  invalid?(line: number, reason: string): void;
  retry?(email: string, attempt: number, failure: Failure, delayMs: number): void;
  failed?(entry: FailedRecipient): void;
  progress?(counters: Readonly<Counters>): void;
  paused?(reason: string): void;
}

export interface FailedRecipient {
  email: string;
  line: number;
  code?: number;
  reason: string;
  /** false: temporary failure after all retries; the next run tries again. */
  permanent: boolean;
}

export type SendOutcome = "sent" | "already-sent" | "nothing-new" | "paused" | "dry-run";

export interface SendReport {
  edition: string;
  list: string;
  outcome: SendOutcome;
  /** 0 for the first send of this edition to this list, +1 per --force. */
  round: number;
  /** Distinct valid addresses read from the list. */
  recipients: number;
  sent: number;
  /** Permanent failures in this run (details capped at REPORT_DETAIL_LIMIT). */
  failedCount: number;
  failed: FailedRecipient[];
  /** Temporary failures that used up their retries in this run; retried next run. */
  deferredCount: number;
  deferred: FailedRecipient[];
  /** Permanent failures recorded by earlier runs; not retried without --force. */
  failedEarlier: number;
  invalidCount: number;
  invalid: { line: number; reason: string }[];
  duplicatesAvoided: number;
  alreadySent: number;
  /**
   * Recipients an interrupted earlier run had handed to SMTP without recording the
   * answer: each may have received the message already. They are sent again (so nobody
   * is skipped); this is the upper bound on duplicates.
   */
  uncertain: number;
  /** Whether the previous run of this edition to this list was interrupted. */
  interrupted: boolean;
  /** Dry run: messages that a real run would send now. */
  wouldSend?: number;
  pausedReason?: string;
  /** "nothing-new": the edition that already carried every story (null: no stories). */
  nothingNewSince?: string | null;
  elapsedMs: number;
}

/** Per-kind detail kept in the report; the counts are always complete. */
export const REPORT_DETAIL_LIMIT = 1000;

/**
 * Exit status for a finished run: 75 (EX_TEMPFAIL) when the run must be repeated (paused,
 * or readers deferred), else 1 when anyone failed for good. "Run it again" wins: a
 * scheduler that sees 1 would not resume, and the readers not yet reached would be skipped.
 */
export function exitCodeFor(report: SendReport): number {
  if (report.outcome === "paused" || report.deferredCount > 0) return 75;
  if (report.failedCount > 0) return 1;
  return 0;
}

/**
 * How to continue a paused run. True with or without --force: a forced round that did
 * not finish is resumed (see roundComplete), so nobody gets a second copy.
 */
const RESUME_HINT = "run the same command again (with or without --force) to resume: only those not yet reached are sent to";

/** Bit kept beside the log mark: this address was already met in this run's list. */
const SEEN = 8;

export async function sendEdition(job: SendJob): Promise<SendReport> {
  const started = performance.now();
  const now = job.now ?? (() => new Date());
  const paths = statePaths(job.stateDir, job.listKey, job.edition.editionId);
  const report: SendReport = {
    edition: job.edition.editionId,
    list: job.listKey,
    outcome: job.dryRun ? "dry-run" : "sent",
    round: 0,
    recipients: 0,
    sent: 0,
    failedCount: 0,
    failed: [],
    deferredCount: 0,
    deferred: [],
    failedEarlier: 0,
    invalidCount: 0,
    invalid: [],
    duplicatesAvoided: 0,
    alreadySent: 0,
    uncertain: 0,
    interrupted: false,
    elapsedMs: 0,
  };
  if (job.dryRun) report.wouldSend = 0;

  const lock = job.dryRun ? undefined : await SendLock.acquire(paths.lock);
  try {
    const state = await replaySendLog(paths.log);
    const startingFresh = state.runs === 0;
    report.interrupted = !state.lastRunEnded;
    // --force resends only after the current round is finished: the pause messages say
    // "run the same command again", and that command must resume, not start over.
    if (job.force && !startingFresh && roundComplete(state)) {
      state.round += 1;
      state.marks.clear();
    }
    report.round = Math.max(state.round, 0);
    for (const mark of state.marks.values()) if (mark === Mark.Attempting) report.uncertain++;

    if (startingFresh && !job.force) {
      const quiet = nothingNewSince(job.edition, await readHistory(paths.history), job.updatedStoryIds);
      if (quiet) {
        report.outcome = "nothing-new";
        report.nothingNewSince = quiet.previous;
        return report;
      }
    }
    job.observer?.started?.({ round: report.round, uncertain: report.uncertain, interrupted: report.interrupted, resumed: !startingFresh });

    const run = new Run(job, report, state, paths.log, paths.history, now);
    await run.execute();
    const settledBefore = report.alreadySent + report.failedEarlier;
    if (report.outcome === "sent" && report.sent + report.failedCount + report.deferredCount === 0 && report.recipients > 0 && settledBefore === report.recipients) {
      report.outcome = "already-sent";
    }
    return report;
  } finally {
    report.elapsedMs = Math.round(performance.now() - started);
    await lock?.release();
  }
}

interface Pending {
  recipient: Recipient;
  line: number;
  key: string;
}

/** A refusal awaiting its verdict: the reader's fault if the server later delivers, else the server's. */
interface Unsettled {
  pending: Pending;
  failure: Failure;
}

/** One execution of a send job: the shared state of its senders. */
class Run {
  private readonly counters: Counters = { rows: 0, sent: 0, failed: 0, deferred: 0, skipped: 0 };
  private readonly source: AsyncIterator<ListEntry>;
  private readonly pacer: Pacer;
  private stopReason: string | undefined;
  /** Failures since the last success that say something about the server; a long enough streak pauses the run. */
  private streak = 0;
  /** The streak's "refused" readers, recorded as deferred until a success or the run's end decides. */
  private unsettled: Unsettled[] = [];
  private log: Promise<SendLog> | undefined;
  private mailer: Mailer | undefined;
  private readonly marks: Map<string, number>;

  constructor(
    private readonly job: SendJob,
    private readonly report: SendReport,
    private readonly state: LogState,
    private readonly logPath: string,
    private readonly historyPath: string,
    private readonly now: () => Date,
  ) {
    this.source = job.recipients[Symbol.asyncIterator]();
    this.pacer = new Pacer(job.limits.ratePerSecond);
    this.marks = state.marks;
  }

  async execute(): Promise<void> {
    const onAbort = (): void => this.stop(`interrupted (signal received); ${RESUME_HINT}`);
    this.job.signal?.addEventListener("abort", onAbort, { once: true });
    if (this.job.signal?.aborted) onAbort();
    const senders = Array.from({ length: Math.max(1, this.job.limits.concurrency) }, () => this.sender());
    const results = await Promise.allSettled(senders);
    this.job.signal?.removeEventListener("abort", onAbort);
    // A run that finished its list without a long enough streak has no reason to suspect
    // the server; a stopped one cannot tell, so its refusals are left to the next run.
    this.settleUnsettled(this.stopReason === undefined);
    try {
      if (this.log) {
        const log = await this.log;
        const end = { ev: "end" as const, run: this.state.runs + 1, sent: this.report.sent, failed: this.report.failedCount };
        await log.write(this.stopReason ? { ...end, paused: this.stopReason } : end);
        await log.close();
      }
    } finally {
      this.mailer?.close();
    }
    const crash = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (crash) throw crash.reason;
    if (this.stopReason) {
      this.report.outcome = "paused";
      this.report.pausedReason = this.stopReason;
    }
  }

  private stop(reason: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.job.observer?.paused?.(reason);
  }

  private async sender(): Promise<void> {
    try {
      for (let next = await this.next(); next; next = await this.next()) {
        if (this.job.dryRun) await this.check(next);
        else await this.deliver(next);
        this.job.observer?.progress?.(this.counters);
      }
    } catch (error) {
      // A broken list file or an unwritable log: the other senders stop taking work.
      this.stop(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** The next row that needs a message, accounting for every row it passes over. */
  private async next(): Promise<Pending | null> {
    while (!this.stopReason) {
      const item = await this.source.next();
      if (item.done) return null;
      const entry = item.value;
      this.counters.rows++;
      if (entry.kind === "invalid") {
        this.report.invalidCount++;
        if (this.report.invalid.length < REPORT_DETAIL_LIMIT) this.report.invalid.push({ line: entry.line, reason: entry.reason });
        this.job.observer?.invalid?.(entry.line, entry.reason);
        continue;
      }
      const key = addressKey(entry.recipient.email);
      const mark = this.marks.get(key) ?? 0;
      if (mark & SEEN) {
        this.report.duplicatesAvoided++;
        continue;
      }
      this.marks.set(key, mark | SEEN);
      this.report.recipients++;
      if (mark === Mark.Sent) {
        this.report.alreadySent++;
        this.counters.skipped++;
        continue;
      }
      if (mark === Mark.FailedPermanently) {
        this.report.failedEarlier++;
        this.counters.skipped++;
        continue;
      }
      return { recipient: entry.recipient, line: entry.line, key };
    }
    return null;
  }

  private compose(pending: Pending): SendMailOptions {
    const { edition, identity, unsubscribe } = this.job;
    const token = signUnsubscribeToken(unsubscribe.tokenKey, { listId: identity.listId, email: pending.key });
    const personalization: Personalization = {
      recipient: pending.recipient,
      unsubscribeUrl: unsubscribeUrlFor(unsubscribe.baseUrl, token),
      viewInBrowserUrl: this.job.viewInBrowserUrl,
    };
    const personal = this.job.personalize(edition, personalization);
    return buildMailOptions(edition, personal, personalization, { ...identity, round: this.report.round });
  }

  /** Dry run: the message must build into valid MIME; nothing is sent or logged. */
  private async check(pending: Pending): Promise<void> {
    try {
      await new MailComposer(this.compose(pending)).compile().build();
      this.report.wouldSend! += 1;
    } catch (error) {
      this.settleFailure(pending, { kind: "recipient", reason: `cannot build the message: ${(error as Error).message}` }, true);
    }
  }

  private async deliver(pending: Pending): Promise<void> {
    let mail: SendMailOptions;
    try {
      mail = this.compose(pending);
    } catch (error) {
      // Nothing reached SMTP: record the failure, no "try" needed.
      const failure: Failure = { kind: "recipient", reason: `cannot build the message: ${(error as Error).message}` };
      await (await this.openLog()).write({ ev: "failed", to: pending.key, perm: true, why: failure.reason });
      this.settleFailure(pending, failure, true);
      return;
    }
    const log = await this.openLog();
    // The durable "try" is what turns a crash into a bounded, reported set of uncertain
    // recipients instead of an unknown one.
    await log.write({ ev: "try", to: pending.key, line: pending.line });
    this.marks.set(pending.key, Mark.Attempting | SEEN);
    const { retries, retryBaseMs, retryMaxMs } = this.job.limits;
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait();
      let failure: Failure;
      try {
        const info = await this.openMailer().sendMail(mail);
        // Not awaited: this sender's next "try" is synced after it, and the run's end
        // waits for everything, so the bound on uncertain recipients still holds.
        void log.write(sentRecord(pending.key, info)).catch(() => undefined);
        this.marks.set(pending.key, Mark.Sent | SEEN);
        this.report.sent++;
        this.counters.sent++;
        this.streak = 0;
        // The server delivers: the refusals before this success were about their readers.
        if (!this.stopReason) this.settleUnsettled(true);
        return;
      } catch (error) {
        failure = classifyFailure(error);
      }
      if (failure.kind === "transient" && attempt < retries && !this.stopReason) {
        const delay = backoffDelay(attempt, retryBaseMs, retryMaxMs, this.job.random);
        this.job.observer?.retry?.(pending.recipient.email, attempt + 1, failure, delay);
        await sleep(delay);
        continue;
      }
      // Only a failure that names the mailbox is written off now; any other is deferred
      // until the run knows whether the server or the reader was at fault.
      const permanent = failure.kind === "recipient";
      this.recordFailure(pending, failure, permanent);
      if (failure.kind === "fatal") {
        this.settleFailure(pending, failure, false);
        // The same for every reader: one line saying which, and no further handshakes.
        this.stop(`${setupProblemLine(failure)}; fix the SMTP settings, then ${RESUME_HINT}`);
      } else if (failure.kind === "refused" && !this.stopReason) {
        this.unsettled.push({ pending, failure });
        this.countFailure(failure);
      } else {
        this.settleFailure(pending, failure, permanent);
        if (failure.kind === "transient") this.countFailure(failure);
      }
      return;
    }
  }

  private recordFailure(pending: Pending, failure: Failure, permanent: boolean): void {
    const record = { ev: "failed" as const, to: pending.key, perm: permanent, ...(failure.code ? { code: failure.code } : {}), why: failure.reason };
    void this.log?.then((log) => log.write(record)).catch(() => undefined);
    this.marks.set(pending.key, (permanent ? Mark.FailedPermanently : Mark.Deferred) | SEEN);
  }

  /** One more failure without a success in between; a long enough streak pauses the run. */
  private countFailure(failure: Failure): void {
    this.streak++;
    if (this.streak < this.job.limits.maxConsecutiveFailures || this.stopReason) return;
    this.stop(
      `paused after ${this.streak} failures in a row (last: ${failure.reason}); ` +
        `the readers of the streak are deferred, not written off: fix the cause, then ${RESUME_HINT}`,
    );
    this.settleUnsettled(false);
  }

  /**
   * Gives the streak's refusals their verdict: written off (the server was shown to
   * deliver) or deferred (it may have been the server: a blocklisting, a relay
   * misconfiguration), so the next run tries those readers again.
   */
  private settleUnsettled(writeOff: boolean): void {
    const unsettled = this.unsettled;
    this.unsettled = [];
    for (const { pending, failure } of unsettled) {
      if (writeOff) this.recordFailure(pending, failure, true);
      this.settleFailure(pending, failure, writeOff);
    }
  }

  private settleFailure(pending: Pending, failure: Failure, permanent: boolean): void {
    const entry: FailedRecipient = { email: pending.recipient.email, line: pending.line, reason: failure.reason, permanent };
    if (failure.code !== undefined) entry.code = failure.code;
    if (permanent) {
      this.report.failedCount++;
      this.counters.failed++;
      if (this.report.failed.length < REPORT_DETAIL_LIMIT) this.report.failed.push(entry);
    } else {
      this.report.deferredCount++;
      this.counters.deferred++;
      if (this.report.deferred.length < REPORT_DETAIL_LIMIT) this.report.deferred.push(entry);
    }
    this.job.observer?.failed?.(entry);
  }

  /** Opens the log at the first message: runs that send nothing leave no trace. */
  private openLog(): Promise<SendLog> {
    this.log ??= (async () => {
      const log = await SendLog.open(this.logPath);
      await log.write({
        ev: "run",
        run: this.state.runs + 1,
        round: this.report.round,
        at: this.now().toISOString(),
        pid: process.pid,
        stories: this.job.edition.storyIds,
      });
      // Checked on every run, not only the first: a crash between the two writes must
      // not leave an edition out of the list's history.
      const history = await readHistory(this.historyPath);
      if (!history.some((h) => h.edition === this.job.edition.editionId)) {
        await recordEdition(this.historyPath, { edition: this.job.edition.editionId, stories: this.job.edition.storyIds, at: this.now().toISOString() });
      }
      return log;
    })();
    return this.log;
  }

  private openMailer(): Mailer {
    this.mailer ??= this.job.openMailer();
    return this.mailer;
  }
}

function sentRecord(to: string, info: { messageId?: string; response?: string }) {
  const record: { ev: "sent"; to: string; id?: string; resp?: string } = { ev: "sent", to };
  if (info.messageId) record.id = info.messageId;
  if (info.response) record.resp = info.response.slice(0, 200);
  return record;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
