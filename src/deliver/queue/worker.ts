/**
 * `news-digest worker`: takes reader jobs from the newsletter's queue and sends each
 * through the Messenger, with the Redis ledger around it: claimed before the message
 * leaves, recorded after. Any number of workers on any number of machines share one
 * queue; BullMQ hands each job to one of them, moves a dead worker's jobs back to the
 * queue once their lock lapses (stalled-job recovery), and applies the fleet's rate.
 *
 * Failures follow the local send's rules (../send/failures.ts): a temporary one is
 * tried again with backoff as a BullMQ retry; a mailbox that is gone fails the reader
 * for good and suppresses the address; a refusal that may be the server's is deferred
 * until a later message shows the server delivers; TLS, authentication and sender
 * refusals, and a long enough streak of failures across the fleet, pause the whole
 * newsletter (every worker stops taking jobs) until the next `send` resumes it.
 */
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { SendLimits } from "../../model.js";
import { suppressionForFailure } from "../suppressions/index.js";
import { composeReaderMessage, type EditionMessages } from "../message/index.js";
import { backoffDelay, classifyFailure, setupProblemLine, type Messenger } from "../send/index.js";
import { connectRedis, type QueueTarget } from "./connection.js";
import { EditionKeyError, loadEdition } from "./edition-store.js";
import { BACKOFF_TYPE, type ReaderJob } from "./jobs.js";
import type { NewsletterKeys } from "./keys.js";
import { quit } from "./open-queue.js";
import { RedisLedger } from "./redis-ledger.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";

export interface QueueWorkerOptions {
  target: QueueTarget;
  keys: NewsletterKeys;
  messenger: Messenger;
  /** This machine's unsubscribe signing key: must be the sender's (see edition-store.ts). */
  tokenKey: string;
  concurrency: number;
  limits: SendLimits;
  /** One line per event worth a log line (start, pause, a setup problem). */
  log: (line: string) => void;
  /** How long a job's lock lasts without renewal: a dead worker's jobs go back to the queue after about this long. */
  lockMs?: number;
  random?: () => number;
}

export interface WorkerStats {
  sent: number;
  failed: number;
  deferred: number;
  skipped: number;
  retried: number;
}

export interface QueueWorker {
  readonly stats: WorkerStats;
  /** Resolves when the worker stops: after stop(), or when its setup cannot send (a wrong key). */
  readonly stopped: Promise<{ reason?: string }>;
  /** Stops taking jobs, lets the ones in flight finish and be recorded, then closes. */
  stop(): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { keys, limits } = options;
  const redis = withScripts(connectRedis(options.target));
  // BullMQ leaves connections it was given open: they are closed at the end.
  const queueConnection = connectRedis(options.target);
  const workerConnection = connectRedis(options.target);
  const queue = new Queue(keys.queueName, { connection: queueConnection });
  const stats: WorkerStats = { sent: 0, failed: 0, deferred: 0, skipped: 0, retried: 0 };
  const editions = new Map<string, Promise<EditionMessages>>();
  const ledgers = new Map<string, RedisLedger>();
  let fatal: string | undefined;
  let resolveStopped!: (value: { reason?: string }) => void;
  const stopped = new Promise<{ reason?: string }>((resolve) => (resolveStopped = resolve));

  const pause = async (reason: string): Promise<void> => {
    // The first reason stands: that is what the operator must fix.
    if ((await redis.set(keys.paused, reason, "NX")) === "OK") options.log(`paused every worker: ${reason}`);
    await queue.pause();
  };

  const editionFor = (sha: string): Promise<EditionMessages> => {
    let loading = editions.get(sha);
    if (!loading) {
      loading = loadEdition(redis, keys, sha, options.tokenKey);
      loading.catch(() => editions.delete(sha));
      editions.set(sha, loading);
    }
    return loading;
  };
  const ledgerFor = (editionId: string): RedisLedger => {
    let ledger = ledgers.get(editionId);
    if (!ledger) ledgers.set(editionId, (ledger = new RedisLedger(redis, keys, editionId)));
    return ledger;
  };

  const process = async (job: Job<ReaderJob>, token?: string): Promise<string> => {
    const data = job.data;
    let messages: EditionMessages;
    try {
      messages = await editionFor(data.sha);
    } catch (error) {
      if (error instanceof EditionKeyError) {
        // This machine is set up wrong, not the reader: give the job back and stop here.
        fatal = error.message;
        void shutdown();
      }
      throw error;
    }
    const ledger = ledgerFor(data.edition);
    const claim = await ledger.claimJob(data.reader, data.gen);
    if (claim === "paused") {
      // Back to the queue, untouched: it runs again once a send resumes the newsletter.
      await job.moveToDelayed(Date.now() + 1_000, token);
      throw new DelayedError();
    }
    if (claim === "settled" || claim === "suppressed") {
      stats.skipped++;
      return claim;
    }
    const detail = { email: data.recipient.email, line: data.line };
    let message;
    try {
      message = await composeReaderMessage(messages, data.recipient, { round: 0 });
    } catch (error) {
      await ledger.recordFailure(data.reader, { ...detail, reason: `cannot build the message: ${(error as Error).message}`, permanent: true });
      stats.failed++;
      return "failed";
    }
    let refusal: unknown;
    try {
      const delivery = await options.messenger.send(message);
      await ledger.record(data.reader, { status: "sent", messageId: message.messageId, ...delivery });
      stats.sent++;
      return "sent";
    } catch (error) {
      refusal = error;
    }
    const failure = classifyFailure(refusal);
    const attempts = job.opts.attempts ?? 1;
    if (failure.kind === "transient" && job.attemptsMade + 1 < attempts) {
      // Not sent: the reader is queued again, and BullMQ retries the job after the backoff.
      await ledger.release(data.reader);
      stats.retried++;
      throw refusal;
    }
    const permanent = failure.kind === "recipient";
    const gone = suppressionForFailure(refusal, { address: data.recipient.email, editionId: data.edition });
    if (gone) await redis.hsetnx(keys.suppressed, data.reader, gone.reason);
    const streak = await ledger.recordFailure(
      data.reader,
      { ...detail, reason: failure.reason, permanent, ...(failure.code !== undefined ? { code: failure.code } : {}) },
      { unsettled: failure.kind === "refused", streak: failure.kind === "refused" || failure.kind === "transient" },
    );
    if (permanent) stats.failed++;
    else stats.deferred++;
    if (failure.kind === "fatal") {
      await pause(`${setupProblemLine(failure)}; fix the SMTP settings, then run the send again to resume`);
    } else if (streak >= limits.maxConsecutiveFailures) {
      await pause(
        `paused after ${streak} failures in a row (last: ${failure.reason}); the readers of the streak are deferred, not written off: fix the cause, then run the send again to resume`,
      );
    }
    return failure.kind;
  };

  const lockMs = options.lockMs ?? 10_000;
  const worker = new Worker<ReaderJob, string>(keys.queueName, process, {
    connection: workerConnection,
    concurrency: options.concurrency,
    lockDuration: lockMs,
    // Checked often enough that a dead worker's jobs wait about one lock's length.
    stalledInterval: Math.max(1_000, Math.round(lockMs / 2)),
    // A job whose worker died keeps coming back: the ledger bounds the duplicates.
    maxStalledCount: 10,
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string) =>
        type === BACKOFF_TYPE ? backoffDelay(attemptsMade - 1, limits.retryBaseMs, limits.retryMaxMs, options.random) : 0,
    },
  });
  worker.on("error", (error) => options.log(`queue: ${error.message}`));
  worker.on("failed", (job, error) => {
    // A job BullMQ gave up on leaves its reader deferred, not claimed for ever; one that
    // stalled (its worker died, maybe after sending) is uncertain too.
    if (!job || error instanceof DelayedError) return;
    const stalled = /stalled/i.test(error.message);
    if (job.attemptsMade < (job.opts.attempts ?? 1) && !stalled) return;
    const ledger = ledgerFor(job.data.edition);
    const failure = { email: job.data.recipient.email, line: job.data.line, reason: error.message, permanent: false };
    void ledger.recordFailure(job.data.reader, failure, { uncertain: stalled }).catch(() => undefined);
  });

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      try {
        await worker.close();
      } catch (error) {
        // Redis gone mid-close: what was in flight is recorded or left to the stalled-job check.
        options.log(`stopping: ${(error as Error).message}`);
      } finally {
        await options.messenger.close().catch(() => undefined);
        await queue.close().catch(() => undefined);
        await Promise.all([quit(redis), quit(queueConnection), quit(workerConnection)]);
        resolveStopped(fatal ? { reason: fatal } : {});
      }
    })());

  await worker.waitUntilReady();
  return { stats, stopped, stop: shutdown };
}
