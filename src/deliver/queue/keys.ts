/**
 * Where one newsletter's shared state lives in Redis. Everything is under
 * `nd:<list id>:` so several newsletters can share one Redis, and BullMQ's own keys
 * sit under `bull:<queue name>:`. Per edition:
 *
 * - `readers:<edition>`: reader address -> q (queued), c (claimed: handed to a
 *   worker, outcome not yet known), s (sent), f (failed for good), d (deferred: try
 *   again on the next `send`), x (suppressed);
 * - `gen:<edition>`: reader -> how many jobs were made for it (part of the job id);
 * - `counts:<edition>`: the counters `send` and `editions` show, kept by the same
 *   scripts that change a reader's state, so they never drift from it;
 * - `uncertain:<edition>`: readers claimed twice (their first sender died);
 * - `unsettled:<edition>`: refusals that may be the server's fault (written off once
 *   a later message goes through, else left deferred);
 * - `failures:<edition>`: the latest failures, for the report (capped);
 * - `run:<edition>`: what the edition is (its stored copy, list, when queued).
 *
 * And per newsletter: `editions` (queued editions by time), `edition:<sha256>` (the
 * stored editions), `suppressed` (address -> why), `paused` (the reason every
 * worker stopped), `streak` (failures in a row across the fleet).
 */
import { createHash } from "node:crypto";

export interface NewsletterKeys {
  prefix: string;
  queueName: string;
  editions: string;
  suppressed: string;
  paused: string;
  streak: string;
  editionBlob(sha: string): string;
  edition(editionId: string): EditionKeys;
}

export interface EditionKeys {
  readers: string;
  gen: string;
  counts: string;
  uncertain: string;
  unsettled: string;
  failures: string;
  run: string;
}

/** BullMQ's keys are `bull:<queue>:<job id>`: the prefix scripts use to see whether a job still exists. */
export const BULL_PREFIX = "bull";

export function newsletterKeys(listId: string): NewsletterKeys {
  const id = listId || "news-digest";
  const prefix = `nd:${id}:`;
  return {
    prefix,
    // Queue names may not hold ':' (BullMQ joins keys with it).
    queueName: `news-digest.${id.replace(/[^A-Za-z0-9._-]/g, "-")}`,
    editions: `${prefix}editions`,
    suppressed: `${prefix}suppressed`,
    paused: `${prefix}paused`,
    streak: `${prefix}streak`,
    editionBlob: (sha) => `${prefix}edition:${sha}`,
    edition: (editionId) => ({
      readers: `${prefix}readers:${editionId}`,
      gen: `${prefix}gen:${editionId}`,
      counts: `${prefix}counts:${editionId}`,
      uncertain: `${prefix}uncertain:${editionId}`,
      unsettled: `${prefix}unsettled:${editionId}`,
      failures: `${prefix}failures:${editionId}`,
      run: `${prefix}run:${editionId}`,
    }),
  };
}

/** The stem of a reader's job ids for an edition (`<stem>-<generation>`): no ':' and a fixed length, whatever the address. */
export function jobStem(editionId: string, reader: string): string {
  return createHash("sha256").update(`${editionId}\n${reader}`).digest("hex").slice(0, 32);
}

export function jobKeyPrefix(queueName: string): string {
  return `${BULL_PREFIX}:${queueName}:`;
}
