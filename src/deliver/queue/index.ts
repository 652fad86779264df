/**
 * Sending through a queue of workers on Redis (BullMQ), the concern's whole face: the
 * Redis ledger (the Ledger seam, shared by the fleet), the stored edition, the sender's
 * two halves (enqueue, follow), the worker, and the status any machine can read.
 */
export { connectRedis, resolveQueueTarget, redactQueue, QueueUrlError, REDIS_PASSWORD_ENV, type QueueTarget } from "./connection.js";
export { newsletterKeys, type NewsletterKeys } from "./keys.js";
export { openQueue, QueueUnreachableError, type OpenQueue } from "./open-queue.js";
export { RedisLedger, type FailureDetail } from "./redis-ledger.js";
export { EditionKeyError, storeEdition, loadEdition, keyCheckOf } from "./edition-store.js";
export { enqueueEdition, EnqueueStoppedError, type EnqueueRequest, type EnqueueResult } from "./enqueue.js";
export { followEdition, type FollowOptions } from "./follow.js";
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions, type WorkerStats } from "./worker.js";
export { editionStatuses, formatStatus, queueCounts, type EditionStatus, type QueueCounts } from "./status.js";
