/**
 * One run of one edition to one list: the pipe (listmonk's campaign pipe, with the mark
 * moved to where it belongs). Opened once (see newsletter.ts), it streams the list,
 * skips invalid rows, duplicates, suppressed readers (unsubscribed, bounced) and readers
 * the ledger has settled, claims each other
 * reader in the ledger before its message goes out, hands the message to the messenger,
 * and records the outcome after. It owns its counters, its stop signal and its report;
 * `send`, `schedule` and the preview's send-test all go through it.
 *
 * Shape: `concurrency` senders pull from one stream of list rows. Progress is recorded
 * per message, after the fact, never per batch ahead of it. Failures that repeat without
 * a success in between, or that concern the setup rather than a reader (authentication,
 * TLS), pause the run; running the same command again resumes it. A refusal that may be
 * the server's doing rather than the reader's is recorded as deferred, and written off
 * only once a later success shows the server delivers: a crash or a pause in between
 * leaves the reader to the next run.
 *
 * Nothing here knows how messages leave (the Messenger) or where the records live (the
 * Ledger): a dry run is a run with a messenger that sends nothing and a ledger that
 * writes nothing.
 */
import type { Recipient, SendLimits } from "../../model.js";
import type { ListRef } from "../ledger/index.js";
import { suppressionForFailure, type NewSuppression } from "../suppressions/index.js";
import { addressKey } from "./address.js";
import { backoffDelay, classifyFailure, setupProblemLine, type Failure } from "./failures.js";
import { nothingNewSince, type ListHistory } from "../ledger/index.js";
import type { Claim, Ledger } from "../ledger/index.js";
import type { Messenger, OutgoingMessage } from "./messengers/index.js";
import { Pacer } from "./pacer.js";
import { composeReaderMessage, type EditionMessages } from "../message/index.js";
import type { ListEntry } from "./recipients.js";
import { REPORT_DETAIL_LIMIT, type Counters, type FailedRecipient, type SendReport } from "./report.js";

export const DEFAULT_LIMITS: SendLimits = {
  concurrency: 5,
  retries: 5,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  maxConsecutiveFailures: 20,
};

export interface SendObserver {
  /** newRound: --force started a new round; resumed: an earlier run of this round is continued; dryRun: nothing leaves. */
  started?(info: { round: number; uncertain: number; interrupted: boolean; resumed: boolean; newRound: boolean; dryRun?: boolean }): void;
  invalid?(line: number, reason: string): void;
  retry?(email: string, attempt: number, failure: Failure, delayMs: number): void;
  failed?(entry: FailedRecipient): void;
  progress?(counters: Readonly<Counters>): void;
  paused?(reason: string): void;
}

/** How a caller steers a run; the same for `send`, `schedule` and the preview. */
export interface RunOptions {
  /** Send again to everyone, once the current round is complete. */
  force?: boolean;
  /** Build every message, send none, record nothing. */
  dryRun?: boolean;
  observer?: SendObserver;
  /** Stops taking new readers; messages in flight finish and are recorded. */
  signal?: AbortSignal;
  now?: () => Date;
  random?: () => number;
}

/** What a run needs of the newsletter's suppression list (SuppressionList, or a store of its own). */
export interface RunSuppressions {
  /** Read per reader: an unsubscribe another process recorded a minute ago counts. */
  has(address: string): boolean;
  add(entry: NewSuppression): Promise<unknown>;
  close(): Promise<void>;
}

/** What a run is made of; newsletter.ts puts it together. */
export interface ListRunParts {
  list: ListRef;
  messages: EditionMessages;
  /** The list's rows, read once, in order (see readRecipientList). */
  recipients: AsyncIterable<ListEntry>;
  ledger: Ledger;
  /** Addresses never mailed, whatever the list file says; a mailbox found gone is added. */
  suppressions: RunSuppressions;
  messenger: Messenger;
  /** The list's edition history: "nothing new", and the record that this edition went out. */
  history: ListHistory;
  limits: SendLimits;
  /** Stories sent before but changed since (the edition window's "updated"): they count as new. */
  updatedStoryIds?: readonly string[];
}

/**
 * How to continue a paused run. True with or without --force: a forced round that did
 * not finish is resumed (see roundComplete), so nobody gets a second copy.
 */
const RESUME_HINT = "run the same command again (with or without --force) to resume: only those not yet reached are sent to";

interface Pending {
  recipient: Recipient;
  line: number;
  key: string;
}

/** A reader whose message is built and whose claim was asked for: it leaves once the claim resolves. */
interface Prepared {
  pending: Pending;
  message: OutgoingMessage;
  claim: Promise<Claim>;
}

/** A refusal awaiting its verdict: the reader's fault if the server later delivers, else the server's. */
interface Unsettled {
  pending: Pending;
  failure: Failure;
}

export class ListRun {
  readonly report: SendReport;
  readonly counters: Counters = { rows: 0, sent: 0, failed: 0, deferred: 0, skipped: 0, suppressed: 0 };
  private readonly source: AsyncIterator<ListEntry>;
  private readonly pacer: Pacer;
  private readonly seen = new Set<string>();
  private stopReason: string | undefined;
  /** Failures since the last success that say something about the server; a long enough streak pauses the run. */
  private streak = 0;
  /** The streak's "refused" readers, recorded as deferred until a success or the run's end decides. */
  private unsettled: Unsettled[] = [];
  /** The list's history records this edition before its first reader is claimed. */
  private historyRecorded: Promise<void> | undefined;
  private readonly wouldSendTo: string[] = [];

  constructor(
    private readonly parts: ListRunParts,
    private readonly options: RunOptions = {},
  ) {
    this.source = parts.recipients[Symbol.asyncIterator]();
    this.pacer = new Pacer(parts.limits.ratePerSecond);
    this.report = {
      edition: parts.messages.edition.editionId,
      list: parts.list.name,
      outcome: "sent",
      round: parts.ledger.history.round,
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
      suppressed: 0,
      suppressedAddresses: [],
      alreadySent: 0,
      uncertain: parts.ledger.unconfirmed().length,
      interrupted: parts.ledger.history.interrupted,
      elapsedMs: 0,
    };
  }

  /** Stops taking new readers (messages in flight finish and are recorded); the report says why. */
  stop(reason: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.options.observer?.paused?.(reason);
  }

  /** Runs to the end of the list or to a stop; always closes the ledger and the messenger. */
  async execute(): Promise<SendReport> {
    const started = performance.now();
    try {
      await this.sendAll();
    } finally {
      this.report.elapsedMs = Math.round(performance.now() - started);
    }
    return this.report;
  }

  private async sendAll(): Promise<void> {
    const { ledger, messenger, messages, history } = this.parts;
    const report = this.report;
    let crash: unknown;
    try {
      const sentBefore = await history.read();
      const resumed = sentBefore.some((h) => h.edition === messages.edition.editionId);
      if (!resumed && !this.options.force) {
        const quiet = nothingNewSince(messages.edition, sentBefore, this.parts.updatedStoryIds);
        if (quiet) {
          report.outcome = "nothing-new";
          report.nothingNewSince = quiet.previous;
          return;
        }
      }
      const { round, interrupted, newRound, runs } = ledger.history;
      this.options.observer?.started?.({ round, uncertain: report.uncertain, interrupted, resumed: runs > 0 && !newRound, newRound, dryRun: !messenger.delivers });
      crash = await this.runSenders();
    } finally {
      // A run that finished its list without a long enough streak has no reason to suspect
      // the server; a stopped one cannot tell, so its refusals are left to the next run.
      this.settleUnsettled(this.stopReason === undefined);
      try {
        await ledger.close({ sent: report.sent, failed: report.failedCount, ...(this.stopReason ? { paused: this.stopReason } : {}) });
      } finally {
        try {
          await messenger.close();
        } finally {
          await this.parts.suppressions.close();
        }
      }
    }
    if (crash !== undefined) throw crash;
    if (this.stopReason) {
      report.outcome = "paused";
      report.pausedReason = this.stopReason;
    } else if (!messenger.delivers) {
      report.outcome = "dry-run";
      report.wouldSend = report.sent;
      report.wouldSendTo = this.wouldSendTo;
      report.sent = 0;
    } else if (report.sent + report.failedCount + report.deferredCount === 0 && report.recipients > 0 && report.alreadySent + report.failedEarlier + report.suppressed === report.recipients) {
      report.outcome = "already-sent";
    }
  }

  /** The senders, until the list ends or the run stops; what broke one of them (a bad list, an unwritable ledger), if anything. */
  private async runSenders(): Promise<unknown> {
    const onAbort = (): void => this.stop(`interrupted (signal received); ${RESUME_HINT}`);
    const signal = this.options.signal;
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      const senders = Array.from({ length: Math.max(1, this.parts.limits.concurrency) }, () => this.sender());
      const results = await Promise.allSettled(senders);
      return results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * One sender: it claims its next reader while the current reader's message is on the
   * wire, so the claim's disk flush overlaps the SMTP transaction instead of adding to
   * it. Each message still leaves only once its own claim is durable. A sender that dies
   * leaves at most two readers unconfirmed whose message may be out (the one on the wire,
   * and the one before it whose "sent" record was still being flushed): at most two
   * duplicates per sender, all counted as uncertain by the next run. Waiting for that
   * record before each message would bound it at one, for one more serial disk flush
   * per message: the pace this overlap wins back.
   */
  private async sender(): Promise<void> {
    let following: Promise<Prepared | null> = this.prepareNext();
    try {
      for (let current = await following; current; current = await following) {
        following = this.prepareNext();
        // Awaited on the next turn, or released below: never left to reject unheard.
        following.catch(() => undefined);
        await this.deliver(current);
        this.options.observer?.progress?.(this.counters);
      }
    } catch (error) {
      // The other senders stop taking work. Not a pause: the error itself is the news.
      this.stopReason ??= error instanceof Error ? error.message : String(error);
      const claimedNext = await following.catch(() => null);
      if (claimedNext) await this.release(claimedNext).catch(() => undefined);
      throw error;
    }
  }

  /** The next reader with its message built and its claim asked for; null at the list's end or a stop. */
  private async prepareNext(): Promise<Prepared | null> {
    for (let pending = await this.next(); pending; pending = await this.next()) {
      const prepared = await this.prepare(pending);
      if (prepared) return prepared;
    }
    return null;
  }

  /** Builds the reader's message and asks for its claim; null when the message cannot be built (recorded as failed). */
  private async prepare(pending: Pending): Promise<Prepared | null> {
    let message: OutgoingMessage;
    try {
      message = await composeReaderMessage(this.parts.messages, pending.recipient, { round: this.report.round });
    } catch (error) {
      // Nothing reached the messenger: record the failure, no claim needed.
      const failure: Failure = { kind: "recipient", reason: `cannot build the message: ${(error as Error).message}` };
      await this.recordInHistory();
      await this.parts.ledger.record(pending.key, { status: "failed", permanent: true, reason: failure.reason });
      this.settleFailure(pending, failure, true);
      return null;
    }
    await this.recordInHistory();
    // Stopped meanwhile: nothing is claimed, and the next run finds the reader new.
    if (this.stopReason) return null;
    // The durable claim is what turns a crash into a bounded, reported set of uncertain
    // readers instead of an unknown one.
    const claim = this.parts.ledger.claim(pending.key, pending.line);
    claim.catch(() => undefined);
    return { pending, message, claim };
  }

  /**
   * A reader claimed next whose turn never came (the run stopped): recorded as not sent,
   * so the next run sends it without counting it uncertain. Not a reclaimed one: an
   * earlier sender may have delivered it, and it stays uncertain for the next run.
   */
  private async release(prepared: Prepared): Promise<void> {
    const claim = await prepared.claim;
    if (claim !== "claimed") return;
    await this.parts.ledger.record(prepared.pending.key, { status: "failed", permanent: false, reason: "not sent: the run stopped before its turn" });
  }

  /** The next row that needs a message, accounting for every row it passes over. */
  private async next(): Promise<Pending | null> {
    while (!this.stopReason) {
      const item = await this.source.next();
      // A stop while the row was read: the row is left for the next run, unclaimed.
      if (item.done || this.stopReason) return null;
      const entry = item.value;
      this.counters.rows++;
      if (entry.kind === "invalid") {
        this.report.invalidCount++;
        if (this.report.invalid.length < REPORT_DETAIL_LIMIT) this.report.invalid.push({ line: entry.line, reason: entry.reason });
        this.options.observer?.invalid?.(entry.line, entry.reason);
        continue;
      }
      const key = addressKey(entry.recipient.email);
      if (this.seen.has(key)) {
        this.report.duplicatesAvoided++;
        continue;
      }
      this.seen.add(key);
      this.report.recipients++;
      if (this.parts.suppressions.has(key)) {
        this.report.suppressed++;
        this.counters.suppressed++;
        if (this.report.suppressedAddresses.length < REPORT_DETAIL_LIMIT) this.report.suppressedAddresses.push(key);
        continue;
      }
      const standing = this.parts.ledger.standing(key);
      if (standing === "sent") {
        this.report.alreadySent++;
        this.counters.skipped++;
        continue;
      }
      if (standing === "failed") {
        this.report.failedEarlier++;
        this.counters.skipped++;
        continue;
      }
      return { recipient: entry.recipient, line: entry.line, key };
    }
    return null;
  }

  private async deliver(prepared: Prepared): Promise<void> {
    const { pending, message } = prepared;
    const { ledger, messenger } = this.parts;
    if (this.stopReason) {
      // Claimed, then the run stopped: this reader's turn never comes.
      await this.release(prepared);
      return;
    }
    const claim = await prepared.claim;
    if (!this.mayLeave(claim, pending)) return;
    const { retries, retryBaseMs, retryMaxMs } = this.parts.limits;
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait();
      let failure: Failure;
      let refusal: unknown;
      try {
        const delivery = await messenger.send(message);
        // Not awaited: the next message of this sender leaves without waiting for this
        // record's flush (that overlap is what claiming ahead buys), so after a crash this
        // reader and the next one may both be unconfirmed with their messages out: two per
        // sender at most. The run's end waits for every record.
        void ledger.record(pending.key, { status: "sent", messageId: message.messageId, ...delivery }).catch(() => undefined);
        if (!messenger.delivers) this.wouldSendTo.push(pending.key);
        this.report.sent++;
        this.counters.sent++;
        this.streak = 0;
        // The server delivers: the refusals before this success were about their readers.
        if (!this.stopReason) this.settleUnsettled(true);
        return;
      } catch (error) {
        refusal = error;
        failure = classifyFailure(error);
      }
      if (failure.kind === "transient" && attempt < retries && !this.stopReason) {
        const delay = backoffDelay(attempt, retryBaseMs, retryMaxMs, this.options.random);
        this.options.observer?.retry?.(pending.recipient.email, attempt + 1, failure, delay);
        await sleep(delay);
        continue;
      }
      // Only a failure that names the mailbox is written off now; any other is deferred
      // until the run knows whether the server or the reader was at fault.
      const permanent = failure.kind === "recipient";
      this.recordFailure(pending, failure, permanent);
      await this.suppressIfGone(pending, refusal);
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

  /** Whether a claim lets the message leave; a shared ledger may have settled the reader since this run looked. */
  private mayLeave(claim: Claim, pending: Pending): boolean {
    switch (claim) {
      case "claimed":
        return true;
      case "reclaimed":
        this.report.uncertain++;
        return true;
      case "settled":
        this.report.alreadySent++;
        this.counters.skipped++;
        return false;
      case "suppressed":
        this.report.suppressed++;
        this.counters.suppressed++;
        if (this.report.suppressedAddresses.length < REPORT_DETAIL_LIMIT) this.report.suppressedAddresses.push(pending.key);
        return false;
      case "paused":
        this.stop(`sending is paused for this newsletter; ${RESUME_HINT}`);
        return false;
    }
  }

  /**
   * A mailbox the server says is gone (5.1.1 and kin) is suppressed for every later
   * edition, by the same rule as a bounce that comes back later; any other refusal fails
   * the reader for this edition only.
   */
  private async suppressIfGone(pending: Pending, error: unknown): Promise<void> {
    const suppression = suppressionForFailure(error, { address: pending.recipient.email, editionId: this.parts.messages.edition.editionId });
    if (suppression) await this.parts.suppressions.add(suppression);
  }

  /** The list's history names this edition before its first reader is claimed: a crash in between must not leave it out. */
  private recordInHistory(): Promise<void> {
    const { history, messages } = this.parts;
    const edition = messages.edition;
    this.historyRecorded ??= (async () => {
      if ((await history.read()).some((h) => h.edition === edition.editionId)) return;
      await history.record({ edition: edition.editionId, stories: edition.storyIds, at: (this.options.now?.() ?? new Date()).toISOString() });
    })();
    return this.historyRecorded;
  }

  private recordFailure(pending: Pending, failure: Failure, permanent: boolean): void {
    const outcome = { status: "failed" as const, permanent, reason: failure.reason, ...(failure.code ? { code: failure.code } : {}) };
    void this.parts.ledger.record(pending.key, outcome).catch(() => undefined);
  }

  /** One more failure without a success in between; a long enough streak pauses the run. */
  private countFailure(failure: Failure): void {
    this.streak++;
    if (this.streak < this.parts.limits.maxConsecutiveFailures || this.stopReason) return;
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
    this.options.observer?.failed?.(entry);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
