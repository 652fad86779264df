// One newsletter's queue on a real redis-server, driven in-process: enqueue an edition,
// run workers against a real SMTP server, follow to the report.
import type { SendLimits } from "../../src/model.js";
import {
  enqueueEdition,
  followEdition,
  newsletterKeys,
  openQueue,
  queueCounts,
  resolveQueueTarget,
  startQueueWorker,
  type OpenQueue,
  type QueueWorker,
} from "../../src/deliver/queue/index.js";
import { openRecipientList, resolveSmtp, smtpMessenger, type SendReport } from "../../src/deliver/send/index.js";
import type { RenderedEdition } from "../../src/model.js";
import { identity, TOKEN_KEY, testEdition } from "./edition.js";
import type { TestRedis } from "./redis-server.js";

export const QUEUE_LIMITS: SendLimits = { concurrency: 4, retries: 3, retryBaseMs: 20, retryMaxMs: 50, maxConsecutiveFailures: 5 };

const MESSAGES = (edition: RenderedEdition, tokenKey = TOKEN_KEY) => ({
  edition,
  identity,
  unsubscribe: { baseUrl: "https://news.example.com/unsubscribe", tokenKey },
  viewInBrowserUrl: "https://news.example.com/editions/x",
});

export interface QueueSession {
  queue: OpenQueue;
  workers: QueueWorker[];
  /** Starts a worker sending to `smtpUrl`. */
  worker(smtpUrl: string, options?: { tokenKey?: string; limits?: Partial<SendLimits>; log?: (line: string) => void }): Promise<QueueWorker>;
  /** Queues `edition` for the list file and follows it to its report. */
  send(list: string, options?: { edition?: RenderedEdition; limits?: Partial<SendLimits> }): Promise<SendReport & { enqueued: number }>;
  close(): Promise<void>;
}

export function queueSession(redis: TestRedis): QueueSession {
  const target = resolveQueueTarget(redis.url, {});
  const queue = openQueue(target, identity.listId);
  const workers: QueueWorker[] = [];
  return {
    queue,
    workers,
    async worker(smtpUrl, options = {}) {
      const limits = { ...QUEUE_LIMITS, ...options.limits };
      const worker = await startQueueWorker({
        target,
        keys: newsletterKeys(identity.listId),
        messenger: smtpMessenger(resolveSmtp({ flag: smtpUrl, env: {} }), { connections: limits.concurrency }),
        tokenKey: options.tokenKey ?? TOKEN_KEY,
        concurrency: limits.concurrency,
        limits,
        log: options.log ?? (() => undefined),
        lockMs: 2_000,
      });
      workers.push(worker);
      return worker;
    },
    async send(list, options = {}) {
      const edition = options.edition ?? testEdition();
      const before = await queueCounts(queue.redis, queue.keys, edition.editionId);
      const enqueued = await enqueueEdition({
        redis: queue.redis,
        queue: queue.queue,
        keys: queue.keys,
        messages: MESSAGES(edition),
        listName: "list.csv",
        recipients: await openRecipientList(list),
        limits: { ...QUEUE_LIMITS, ...options.limits },
      });
      const report = await followEdition({ redis: queue.redis, queue: queue.queue, keys: queue.keys, listName: "list.csv", enqueued, before, pollMs: 50, idleMs: 1_000 });
      return { ...report, enqueued: enqueued.enqueued };
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await queue.close();
    },
  };
}
