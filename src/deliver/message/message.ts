/**
 * The rules for the headers a mailing list owes its readers (RFC 2369 List-*, RFC 2919
 * List-Id, RFC 8058 one-click unsubscribe) and the Message-ID derived from edition and
 * reader. Pure: no clock, no I/O, so the same inputs always give the same headers, which
 * is what makes the Message-ID meaningful on a resend. encoded-edition.ts lays them out.
 */
import { createHash } from "node:crypto";
import type { ListIdentity } from "../../model.js";

/** Per-message settings: the list's identity, plus what the sender decides per message. */
export interface MessageOptions extends ListIdentity {
  /**
   * Which deliberate send of this edition to this recipient this is: 0 for the first,
   * 1 after the first `--force`, and so on. Retries and post-crash resends keep the same
   * round, hence the same Message-ID, so receivers that collapse duplicates can.
   */
  round?: number;
  /** Marks the copy as a test: subject prefix, header, and its own Message-ID. */
  test?: { nonce: string };
  /** Date header; the time the message is made when absent. */
  date?: Date;
}

/** A list setting (unsubscribe url or mailbox, list id) that cannot go into a header as it is. */
export class MessageSettingsError extends Error {
  override name = "MessageSettingsError";
}

/** Header that marks a test copy; tests and filters look for it. */
export const TEST_HEADER = "X-News-Digest-Test";
/** Header that carries the edition id, so a mailbox can tell editions apart. */
export const EDITION_HEADER = "X-News-Digest-Edition";
export const TEST_SUBJECT_PREFIX = "[TEST] ";

/**
 * Message-ID derived from edition and recipient, not random: a retry or a resend after a
 * crash carries the same id, so the receiving side can recognise it as the same message.
 * The address is hashed so the id does not leak it to whoever sees the headers.
 */
export function messageIdFor(
  editionId: string,
  email: string,
  options: { domain: string; round?: number; test?: string },
): string {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 24);
  const parts = [idSafe(editionId), digest];
  if (options.round) parts.push(`r${options.round}`);
  if (options.test !== undefined) parts.push(`test-${idSafe(options.test)}`);
  return `<${parts.join(".")}@${idSafe(options.domain) || "localhost"}>`;
}

/** mailto: variant of List-Unsubscribe; the body carries the signed url so a robot can verify it. */
export function unsubscribeMailto(address: string, unsubscribeUrl: string): string {
  const mailbox = address.trim();
  if (!/^[^\s<>@,;"]+@[^\s<>@,;"]+$/.test(mailbox)) {
    throw new MessageSettingsError(`unsubscribe mailbox "${address}" is not an email address`);
  }
  return `mailto:${mailbox}?subject=unsubscribe&body=${encodeURIComponent(unsubscribeUrl)}`;
}

/** The one-click url, normalised so that it cannot break out of its <...> in the header. */
export function httpsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MessageSettingsError(`unsubscribe url "${value}" is not a valid url`);
  }
  // RFC 8058 one-click is defined for https only; plain http is allowed for loopback previews.
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new MessageSettingsError(`unsubscribe url "${value}" must use https`);
  }
  return url.href;
}

/** RFC 2919: optional phrase, then <list-id>; the phrase is quoted or encoded as needed. */
export function listIdHeader(listId: string, listName: string | undefined): string {
  const id = listId.trim();
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/.test(id)) {
    throw new MessageSettingsError(`list id "${listId}" must look like a domain name, e.g. "morning.news.example.com"`);
  }
  const name = listName === undefined ? "" : headerSafe(listName);
  if (!name) return `<${id}>`;
  const phrase = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, "\\$&")}"`
    : `=?UTF-8?B?${Buffer.from(name, "utf8").toString("base64")}?=`;
  return `${phrase} <${id}>`;
}


/** Characters allowed in a Message-ID's parts (RFC 5322 dot-atom text, conservatively). */
function idSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+/g, "-").replace(/^\.+|\.+$/g, "");
}

/** Recipient data is untrusted: no line breaks or control characters may reach a header. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
