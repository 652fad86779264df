/** One newsletter's queue as a sender or a status reader sees it: Redis with the scripts, BullMQ's queue, the keys. */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis, type QueueTarget } from "./connection.js";
import { newsletterKeys, type NewsletterKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";

/** Redis did not answer in time: try again later (exit 75), the queue is not the problem of the input. */
export class QueueUnreachableError extends Error {}

export interface OpenQueue {
  target: QueueTarget;
  /** Resolves once Redis answers; rejects with QueueUnreachableError after `timeoutMs` (commands would otherwise wait for ever). */
  reachable(timeoutMs?: number): Promise<void>;
  redis: ScriptedRedis;
  queue: Queue;
  keys: NewsletterKeys;
  close(): Promise<void>;
}

export function openQueue(target: QueueTarget, listId: string): OpenQueue {
  const keys = newsletterKeys(listId);
  const redis = withScripts(connectRedis(target));
  // BullMQ leaves a connection it was given open: it is closed here.
  const queueConnection = connectRedis(target);
  const queue = new Queue(keys.queueName, { connection: queueConnection });
  // Connection trouble is retried, and reachable() says when Redis stays away.
  queue.on("error", () => undefined);
  return {
    target,
    redis,
    queue,
    keys,
    async reachable(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new QueueUnreachableError(`cannot reach Redis at ${target.display} within ${Math.round(timeoutMs / 1000)} s; run the same command again once it is up`)), timeoutMs);
      });
      try {
        await Promise.race([redis.ping(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await queue.close().catch(() => undefined);
      await Promise.all([quit(queueConnection), quit(redis)]);
    },
  };
}

/** QUIT, or drop the connection when Redis is away (QUIT would wait for it). */
export async function quit(redis: Redis): Promise<void> {
  if (redis.status !== "ready") {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
