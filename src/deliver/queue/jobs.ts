/** One job per reader: what it carries and how BullMQ treats it. */
import type { JobsOptions } from "bullmq";
import type { Recipient, SendLimits } from "../../model.js";
import { jobStem } from "./keys.js";

export interface ReaderJob {
  edition: string;
  /** The stored edition's address (edition-store.ts). */
  sha: string;
  /** The reader's address key (lower-cased): the ledger's key. */
  reader: string;
  recipient: Recipient;
  /** The reader's line in the list, for reports. */
  line: number;
  /** The reader's job generation: a deferred reader queued again gets a new job id. */
  gen: number;
}

/** The backoff between tries of a temporary failure is the worker's (see worker.ts), as in a local send. */
export const BACKOFF_TYPE = "news-digest";

export function jobOptions(job: ReaderJob, limits: SendLimits): JobsOptions {
  return {
    // The id makes a second add of the same reader's job a no-op while the first stands.
    jobId: `${jobStem(job.edition, job.reader)}-${job.gen}`,
    attempts: limits.retries + 1,
    backoff: { type: BACKOFF_TYPE },
    // The ledger keeps every outcome; finished jobs would only fill Redis.
    removeOnComplete: true,
    removeOnFail: true,
  };
}
