/**
 * `send --queue`'s second half: following an edition until the workers are done with
 * it (or paused), then the same report a local send prints (../send/report.ts), with
 * "sent", "failed" and "suppressed" counted since this send began and "deferred"
 * what is left for the next one.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { REPORT_DETAIL_LIMIT, type Counters, type FailedRecipient, type SendReport } from "../send/index.js";
import type { EnqueueResult } from "./enqueue.js";
import type { NewsletterKeys } from "./keys.js";
import { queueCounts, recentFailures, type QueueCounts } from "./status.js";

export interface FollowOptions {
  redis: Redis;
  queue: Queue;
  keys: NewsletterKeys;
  listName: string;
  enqueued: EnqueueResult;
  /** The edition's counts before this send enqueued anything. */
  before: QueueCounts;
  progress?: (counters: Counters) => void;
  /** Said once when readers are left with no job (a worker gave up on them). */
  warn?: (line: string) => void;
  signal?: AbortSignal;
  pollMs?: number;
  /** How long readers may stay marked queued with no job anywhere before the send gives up on them (default 10 s). */
  idleMs?: number;
}

/** Resolves when nothing of the edition is queued or in flight, the newsletter is paused, or `signal` stops the following. */
export async function followEdition(options: FollowOptions): Promise<SendReport> {
  const { redis, keys, enqueued } = options;
  const started = performance.now();
  const pollMs = options.pollMs ?? 250;
  let idlePolls = 0;
  let paused: string | null = null;
  let counts = options.before;
  for (;;) {
    counts = await queueCounts(redis, keys, enqueued.editionId);
    paused = await redis.get(keys.paused);
    options.progress?.(countersOf(counts, options.before, enqueued));
    if (paused !== null || counts.queued + counts.inFlight === 0 || options.signal?.aborted) break;
    // Readers counted as queued with no job anywhere: a worker gave up on them (or a
    // sender died between marking and adding). The next send queues them again.
    const jobs = await options.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
    idlePolls = Object.values(jobs).every((n) => n === 0) ? idlePolls + 1 : 0;
    if (idlePolls * pollMs >= (options.idleMs ?? 10_000)) {
      options.warn?.(`${counts.queued + counts.inFlight} reader(s) are marked queued but no job is left for them; run the same send again to queue them anew`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const failures = await recentFailures(redis, keys, enqueued.editionId);
  return reportOf(options, counts, failures, paused, performance.now() - started);
}

function countersOf(counts: QueueCounts, before: QueueCounts, enqueued: EnqueueResult): Counters {
  return {
    rows: enqueued.recipients + enqueued.invalidCount + enqueued.duplicatesAvoided,
    sent: counts.sent - before.sent,
    failed: counts.failed - before.failed,
    deferred: counts.deferred,
    skipped: enqueued.alreadySent + enqueued.failedEarlier,
    suppressed: enqueued.suppressed,
  };
}

function reportOf(options: FollowOptions, counts: QueueCounts, failures: { email: string; line: number; reason: string; permanent: boolean; code?: number }[], paused: string | null, elapsedMs: number): SendReport {
  const { enqueued, before } = options;
  const detail = (permanent: boolean): FailedRecipient[] => failures.filter((f) => f.permanent === permanent).slice(0, REPORT_DETAIL_LIMIT);
  const unfinished = counts.queued + counts.inFlight;
  const report: SendReport = {
    edition: enqueued.editionId,
    list: options.listName,
    outcome: "sent",
    round: 0,
    recipients: enqueued.recipients,
    sent: counts.sent - before.sent,
    failedCount: counts.failed - before.failed,
    failed: detail(true),
    // Left for the next send: deferred readers, and any the workers have not reached.
    deferredCount: counts.deferred + unfinished,
    deferred: detail(false),
    failedEarlier: enqueued.failedEarlier,
    invalidCount: enqueued.invalidCount,
    invalid: enqueued.invalid,
    duplicatesAvoided: enqueued.duplicatesAvoided,
    // Readers this pass marked suppressed are in both enqueued.suppressed and the counters'
    // rise; the rest of the rise is readers suppressed at their claim.
    suppressed: enqueued.suppressed + Math.max(0, counts.suppressed - before.suppressed - enqueued.suppressedNow),
    suppressedAddresses: [],
    alreadySent: enqueued.alreadySent,
    uncertain: counts.uncertain,
    interrupted: false,
    elapsedMs: Math.round(elapsedMs),
  };
  if (paused !== null) {
    report.outcome = "paused";
    report.pausedReason = paused;
  } else if (report.sent + report.failedCount + report.deferredCount === 0 && enqueued.enqueued === 0 && report.recipients > 0) {
    report.outcome = "already-sent";
  }
  return report;
}

