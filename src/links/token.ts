/**
 * Signed unsubscribe tokens. A token names the list and the address and carries an
 * HMAC-SHA256 over both, keyed with a secret from the environment: the unsubscribe
 * endpoint can check it without a database, and nobody can forge one for someone else's
 * address without the key.
 *
 *   token = "1." base64url(listId) "." base64url(email) "." base64url(mac[0..16])
 *
 * 128 bits of MAC is plenty against guessing (RFC 2104 allows truncation to half the
 * hash) and keeps the url short enough for a List-Unsubscribe header.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Environment variable that holds the signing key. */
export const TOKEN_KEY_ENV = "NEWS_DIGEST_TOKEN_KEY";
/** Shorter keys are refused: a guessable key makes every token guessable. */
export const MIN_TOKEN_KEY_LENGTH = 16;

const VERSION = "1";
const MAC_BYTES = 16;

export interface UnsubscribeClaim {
  listId: string;
  /** Lower-cased address, as it was signed. */
  email: string;
}

/** The signing key from the environment, or a one-line reason why it cannot be used. */
export function tokenKeyFromEnv(env: NodeJS.ProcessEnv = process.env): { key: string } | { error: string } {
  const key = env[TOKEN_KEY_ENV];
  if (key === undefined || key === "") {
    return { error: `${TOKEN_KEY_ENV} is not set: it signs the unsubscribe links (use a random string of ${MIN_TOKEN_KEY_LENGTH}+ characters, e.g. \`openssl rand -hex 32\`)` };
  }
  if (key.length < MIN_TOKEN_KEY_LENGTH) {
    return { error: `${TOKEN_KEY_ENV} is too short (${key.length} characters, need at least ${MIN_TOKEN_KEY_LENGTH})` };
  }
  return { key };
}

export function signUnsubscribeToken(key: string, claim: UnsubscribeClaim): string {
  const list = b64(claim.listId);
  const email = b64(claim.email.trim().toLowerCase());
  return `${VERSION}.${list}.${email}.${mac(key, list, email).toString("base64url")}`;
}

/** The claim a token makes when its signature holds, otherwise null. Never throws. */
export function verifyUnsubscribeToken(key: string, token: string): UnsubscribeClaim | null {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, list, email, signature] = parts as [string, string, string, string];
  // Compare the text, not the decoded bytes: Buffer's base64url decoder skips junk and
  // stray trailing characters, so "<token>!!" would otherwise verify too. Only the one
  // canonical encoding is accepted: a token has exactly one valid spelling.
  const given = Buffer.from(signature, "utf8");
  const expected = Buffer.from(mac(key, list, email).toString("base64url"), "utf8");
  // Compare in constant time so the signature cannot be found byte by byte.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { listId: Buffer.from(list, "base64url").toString("utf8"), email: Buffer.from(email, "base64url").toString("utf8") };
}

/** The unsubscribe page url for one token: the configured base with `token=` added. */
export function unsubscribeUrlFor(base: string, token: string): string {
  const url = new URL(base);
  url.searchParams.set("token", token);
  return url.href;
}

function mac(key: string, list: string, email: string): Buffer {
  // A domain prefix keeps these MACs from being valid for any other use of the same key.
  return createHmac("sha256", key).update(`news-digest/unsubscribe/${VERSION}\n${list}\n${email}`).digest().subarray(0, MAC_BYTES);
}

function b64(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}
