/**
 * The compiled edition where every worker can read it: in the same Redis, under the
 * SHA-256 of its content. Why Redis and not a shared path: workers on other machines
 * need no shared disk, and a worker that can reach the queue can always reach its
 * editions. Content-addressed, so storing the same edition twice is a no-op and a
 * changed edition can never be mistaken for the one queued before.
 *
 * What is stored is what every reader's copy is made of except the unsubscribe
 * signing key, which stays a secret of each machine's environment: a worker checks
 * that its key is the sender's (by an HMAC of a fixed text, `keyCheck`) before it
 * sends anything, so a reader never gets a link that will not verify.
 */
import { createHash, createHmac } from "node:crypto";
import type { Redis } from "ioredis";
import type { EditionMessages } from "../message/index.js";
import type { NewsletterKeys } from "./keys.js";

/** An edition as queued: EditionMessages without the signing key. */
export interface StoredEdition {
  edition: EditionMessages["edition"];
  identity: EditionMessages["identity"];
  unsubscribeBase: string;
  viewInBrowserUrl: string;
  /** HMAC-SHA256 of a fixed text under the sender's signing key (not the key). */
  keyCheck: string;
}

/** A worker's key differs from the sender's: its unsubscribe links would not verify. */
export class EditionKeyError extends Error {}

export function keyCheckOf(tokenKey: string): string {
  return createHmac("sha256", tokenKey).update("news-digest queue key check").digest("hex").slice(0, 32);
}

/** Stores the edition (once) and returns its address: the SHA-256 of what was stored. */
export async function storeEdition(redis: Redis, keys: NewsletterKeys, messages: EditionMessages): Promise<string> {
  const stored: StoredEdition = {
    edition: messages.edition,
    identity: messages.identity,
    unsubscribeBase: messages.unsubscribe.baseUrl,
    viewInBrowserUrl: messages.viewInBrowserUrl,
    keyCheck: keyCheckOf(messages.unsubscribe.tokenKey),
  };
  const text = JSON.stringify(stored);
  const sha = createHash("sha256").update(text).digest("hex");
  await redis.set(keys.editionBlob(sha), text, "NX");
  return sha;
}

/** The stored edition as messages for this worker, signed with its own key (which must be the sender's). */
export async function loadEdition(redis: Redis, keys: NewsletterKeys, sha: string, tokenKey: string): Promise<EditionMessages> {
  const text = await redis.get(keys.editionBlob(sha));
  if (text === null) throw new Error(`edition ${sha.slice(0, 12)} is not in the queue's Redis (was it flushed?); run the send again`);
  const stored = JSON.parse(text) as StoredEdition;
  if (keyCheckOf(tokenKey) !== stored.keyCheck) {
    throw new EditionKeyError(
      `this worker's unsubscribe signing key is not the one ${stored.edition.editionId} was queued with: set the same key on every machine, or readers get links that do not verify`,
    );
  }
  return {
    edition: stored.edition,
    identity: stored.identity,
    unsubscribe: { baseUrl: stored.unsubscribeBase, tokenKey },
    viewInBrowserUrl: stored.viewInBrowserUrl,
  };
}
