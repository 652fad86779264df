/**
 * `send --queue`'s first half: the edition stored once (edition-store.ts), and every
 * reader of the list who still needs it turned into one BullMQ job, in batches, as the
 * list streams by (it is never loaded whole).
 *
 * Idempotent by construction: a reader is marked queued by a script (scripts.ts) that
 * first looks at its state, so a reader already queued, in flight, sent, failed for
 * good or suppressed gets no second job, whichever sender asks and however often. One
 * sender enqueues an edition at a time (a lease in Redis, renewed while it works): a
 * second `send --queue` of the same edition waits for the first to finish enqueueing,
 * then finds nothing left to queue.
 */
import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import type { SendLimits } from "../../model.js";
import type { EditionMessages } from "../message/index.js";
import { addressKey, type ListEntry } from "../send/index.js";
import { REPORT_DETAIL_LIMIT } from "../send/index.js";
import { storeEdition } from "./edition-store.js";
import { jobKeyPrefix, jobStem, type NewsletterKeys } from "./keys.js";
import type { ScriptedRedis } from "./scripts.js";
import type { ReaderJob } from "./jobs.js";
import { jobOptions } from "./jobs.js";

/** What the enqueue pass found on the list. */
export interface EnqueueResult {
  editionId: string;
  /** The stored edition's address (sha-256). */
  editionSha: string;
  /** Distinct valid addresses on the list. */
  recipients: number;
  invalidCount: number;
  invalid: { line: number; reason: string }[];
  duplicatesAvoided: number;
  /** Jobs added by this pass. */
  enqueued: number;
  /** Readers whose job was already waiting or in flight. */
  alreadyQueued: number;
  alreadySent: number;
  failedEarlier: number;
  /** Readers on the newsletter's suppression list. */
  suppressed: number;
  /** Of those, the ones this pass found newly suppressed (marked now, not by an earlier send). */
  suppressedNow: number;
  /** Stopped (a signal) before the end of the list: the rest is queued by the next send. */
  interrupted: boolean;
}

/** Stopped, or the edition's enqueue lease was lost to another sender: run the send again. */
export class EnqueueStoppedError extends Error {}

export interface EnqueueRequest {
  redis: ScriptedRedis;
  queue: Queue;
  keys: NewsletterKeys;
  messages: EditionMessages;
  /** The list's name, for reports. */
  listName: string;
  recipients: AsyncIterable<ListEntry>;
  limits: SendLimits;
  /** Addresses the local suppression file holds: copied into Redis first, so every worker honours them. */
  suppressed?: Iterable<{ address: string; reason: string }>;
  /** Told once when another sender is enqueueing this edition and this one waits. */
  waiting?: (line: string) => void;
  /** Readers per batch (jobs are added with one round trip per batch). */
  batchSize?: number;
  signal?: AbortSignal;
}

const LEASE_MS = 30_000;

export async function enqueueEdition(request: EnqueueRequest): Promise<EnqueueResult> {
  const { redis, keys, messages } = request;
  const editionId = messages.edition.editionId;
  const editionKeys = keys.edition(editionId);
  const lease = await takeLease(redis, `${editionKeys.run}:lease`, request.waiting, request.signal);
  try {
    const editionSha = await storeEdition(redis, keys, messages);
    await redis
      .multi()
      .hsetnx(editionKeys.run, "queuedAt", new Date().toISOString())
      .hset(editionKeys.run, { list: request.listName, sha: editionSha, subject: messages.edition.subject })
      .zadd(keys.editions, "NX", Date.now(), editionId)
      .exec();
    await mirrorSuppressions(redis, keys, request.suppressed ?? []);
    // A new send resumes a paused newsletter: its deferred readers are queued again below.
    await redis.del(keys.paused, keys.streak);
    await request.queue.resume();
    await applyRate(request.queue, request.limits.ratePerSecond);
    const result: EnqueueResult = {
      editionId,
      editionSha,
      recipients: 0,
      invalidCount: 0,
      invalid: [],
      duplicatesAvoided: 0,
      enqueued: 0,
      alreadyQueued: 0,
      alreadySent: 0,
      failedEarlier: 0,
      suppressed: 0,
      suppressedNow: 0,
      interrupted: false,
    };
    const seen = new Set<string>();
    let batch: ReaderJob[] = [];
    for await (const entry of request.recipients) {
      if (request.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      lease.check();
      if (entry.kind === "invalid") {
        result.invalidCount++;
        if (result.invalid.length < REPORT_DETAIL_LIMIT) result.invalid.push({ line: entry.line, reason: entry.reason });
        continue;
      }
      const key = addressKey(entry.recipient.email);
      if (seen.has(key)) {
        result.duplicatesAvoided++;
        continue;
      }
      seen.add(key);
      result.recipients++;
      batch.push({ edition: editionId, sha: editionSha, reader: key, recipient: entry.recipient, line: entry.line, gen: 0 });
      if (batch.length >= (request.batchSize ?? 500)) {
        await enqueueBatch(request, batch, result);
        batch = [];
      }
    }
    if (batch.length > 0) await enqueueBatch(request, batch, result);
    return result;
  } finally {
    await lease.release();
  }
}

async function enqueueBatch(request: EnqueueRequest, batch: ReaderJob[], result: EnqueueResult): Promise<void> {
  const { redis, keys, queue } = request;
  const k = keys.edition(batch[0]!.edition);
  const pairs: string[] = [];
  for (const job of batch) pairs.push(job.reader, jobStem(job.edition, job.reader));
  const answers = await redis.ndEnqueue(k.readers, k.counts, k.gen, k.unsettled, k.uncertain, keys.suppressed, jobKeyPrefix(queue.name), ...pairs);
  const jobs: { name: string; data: ReaderJob; opts: ReturnType<typeof jobOptions> }[] = [];
  answers.forEach((code, i) => {
    const job = batch[i]!;
    if (code > 0) {
      job.gen = code;
      jobs.push({ name: "reader", data: job, opts: jobOptions(job, request.limits) });
    } else if (code === 0) result.alreadyQueued++;
    else if (code === -1) result.alreadySent++;
    else if (code === -2) result.failedEarlier++;
    else {
      result.suppressed++;
      if (code === -4) result.suppressedNow++;
    }
  });
  if (jobs.length > 0) await queue.addBulk(jobs);
  result.enqueued += jobs.length;
}

/** The local suppression file's addresses, in Redis too (an address already there keeps its first reason). */
async function mirrorSuppressions(redis: ScriptedRedis, keys: NewsletterKeys, entries: Iterable<{ address: string; reason: string }>): Promise<void> {
  let pipeline = redis.pipeline();
  let n = 0;
  for (const entry of entries) {
    pipeline.hsetnx(keys.suppressed, addressKey(entry.address), entry.reason);
    if (++n % 1000 === 0) {
      await pipeline.exec();
      pipeline = redis.pipeline();
    }
  }
  if (n % 1000 !== 0) await pipeline.exec();
}

/** --rate across the whole fleet: BullMQ's global limiter, or none. */
async function applyRate(queue: Queue, perSecond: number | undefined): Promise<void> {
  if (perSecond === undefined || perSecond <= 0) {
    await queue.removeGlobalRateLimit();
    return;
  }
  // Whole messages per window: 0.5/s is one message every 2 s.
  if (perSecond >= 1) await queue.setGlobalRateLimit(Math.round(perSecond), 1000);
  else await queue.setGlobalRateLimit(1, Math.round(1000 / perSecond));
}

/** One sender enqueues an edition at a time: waits for the lease, keeps it renewed, and says when it was lost. */
async function takeLease(
  redis: ScriptedRedis,
  key: string,
  waiting: ((line: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<{ check(): void; release(): Promise<void> }> {
  const token = randomBytes(12).toString("hex");
  let told = false;
  while ((await redis.set(key, token, "PX", LEASE_MS, "NX")) !== "OK") {
    if (signal?.aborted) throw new EnqueueStoppedError("stopped while another sender was enqueueing this edition; run the same command again");
    if (!told) waiting?.("another sender is enqueueing this edition; waiting for it to finish");
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let lost = false;
  // Renewed only while still ours: a sender cut off past the lease's life must not extend another's.
  const renew = setInterval(() => {
    void redis
      .eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0", 1, key, token, LEASE_MS)
      .then((renewed) => {
        if (Number(renewed) !== 1) lost = true;
      })
      .catch(() => undefined);
  }, LEASE_MS / 3);
  return {
    check() {
      if (lost) throw new EnqueueStoppedError("lost the edition's enqueue lease to another sender (Redis was out of reach too long); run the same command again");
    },
    async release() {
      clearInterval(renew);
      // Only our own lease: compare and delete in one step.
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, key, token);
    },
  };
}
