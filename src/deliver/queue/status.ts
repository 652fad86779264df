/**
 * Where an edition stands in the queue, from any machine: read from the counters the
 * ledger's scripts keep (keys.ts), so it costs a few reads whatever the list's size.
 */
import type { Redis } from "ioredis";
import type { FailureDetail } from "./redis-ledger.js";
import type { NewsletterKeys } from "./keys.js";

export interface QueueCounts {
  /** Waiting for a worker (queued, not in flight). */
  queued: number;
  /** Claimed by a worker, outcome not yet recorded. */
  inFlight: number;
  sent: number;
  failed: number;
  /** Temporary failures that used up their tries, and refusals awaiting a verdict: the next send queues them again. */
  deferred: number;
  suppressed: number;
  /** Readers claimed twice (their first worker died): each may have two copies. */
  uncertain: number;
}

export interface EditionStatus extends QueueCounts {
  edition: string;
  list: string;
  subject: string;
  queuedAt: string;
  /** Why every worker stopped taking jobs, when they did. */
  paused?: string;
}

export async function queueCounts(redis: Redis, keys: NewsletterKeys, editionId: string): Promise<QueueCounts> {
  const raw = await redis.hgetall(keys.edition(editionId).counts);
  const n = (field: string): number => Math.max(0, Number(raw[field] ?? 0));
  const inFlight = n("inflight");
  return {
    queued: Math.max(0, n("queued") - inFlight),
    inFlight,
    sent: n("sent"),
    failed: n("failed"),
    deferred: n("deferred"),
    suppressed: n("suppressed"),
    uncertain: n("uncertain"),
  };
}

/** The editions queued for this newsletter, newest first (all, or the one asked for). */
export async function editionStatuses(redis: Redis, keys: NewsletterKeys, only?: string): Promise<EditionStatus[]> {
  const ids = only !== undefined ? [only] : await redis.zrevrange(keys.editions, 0, -1);
  const paused = await redis.get(keys.paused);
  const statuses: EditionStatus[] = [];
  for (const edition of ids) {
    const run = await redis.hgetall(keys.edition(edition).run);
    if (!run.queuedAt) continue;
    statuses.push({
      edition,
      list: run.list ?? "",
      subject: run.subject ?? "",
      queuedAt: run.queuedAt,
      ...(await queueCounts(redis, keys, edition)),
      ...(paused !== null ? { paused } : {}),
    });
  }
  return statuses;
}

/** The latest failures recorded for an edition (newest first, at most 1,000). */
export async function recentFailures(redis: Redis, keys: NewsletterKeys, editionId: string): Promise<FailureDetail[]> {
  const lines = await redis.lrange(keys.edition(editionId).failures, 0, -1);
  return lines.map((line) => JSON.parse(line) as FailureDetail);
}

/** One status as a line for people. */
export function formatStatus(status: EditionStatus): string {
  const parts = [
    `${status.queued} queued`,
    `${status.inFlight} in flight`,
    `${status.sent} sent`,
    `${status.failed} failed`,
    `${status.deferred} deferred`,
    `${status.suppressed} suppressed`,
    `${status.uncertain} uncertain`,
  ];
  const state = status.paused ? `paused: ${status.paused}` : status.queued + status.inFlight > 0 ? "sending" : "done";
  return `${status.edition} to ${status.list}: ${parts.join(", ")} (${state})`;
}
