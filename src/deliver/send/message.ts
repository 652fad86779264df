/**
 * One recipient's email as nodemailer mail options: addresses, both parts, and the
 * headers a mailing list owes its readers (RFC 2369 List-*, RFC 2919 List-Id,
 * RFC 8058 one-click unsubscribe). Pure: no clock, no I/O, so the same inputs always
 * give the same message, which is what makes the Message-ID meaningful on a resend.
 */
import { createHash } from "node:crypto";
import type { SendMailOptions } from "nodemailer";
import type { ListIdentity, PersonalMessage, Personalization, RenderedEdition } from "../../model.js";
import { domainOf } from "../../text/index.js";

export { domainOf };

/** Who the list is and how readers leave it. Usually comes from the `send` config. */
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
  /** Date header; nodemailer uses the send time when absent. */
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

/** Nodemailer mail options for one recipient's copy of an edition. */
export function buildMailOptions(
  edition: RenderedEdition,
  personal: PersonalMessage,
  personalization: Personalization,
  options: MessageOptions,
): SendMailOptions {
  const { recipient, unsubscribeUrl } = personalization;
  // List-* go in as plain headers rather than nodemailer's `list` option: that option is
  // applied by the transport only, and a message built with MailComposer (the preview
  // .eml) must carry exactly the headers a sent one does.
  // Both values are built here from validated parts, so they go out "prepared": as
  // written, without nodemailer's encoded-word treatment, which would hide the <...>.
  const headers: Record<string, string | { prepared: true; foldLines: true; value: string }> = {
    // RFC 2369: https first, since RFC 8058 one-click applies to the https url only.
    "List-Unsubscribe": prepared(
      `<${httpsUrl(unsubscribeUrl)}>, <${unsubscribeMailto(options.unsubscribeMailto, unsubscribeUrl)}>`,
    ),
    // RFC 8058: a POST to the https url unsubscribes without a page visit.
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": prepared(listIdHeader(options.listId, options.listName)),
    [EDITION_HEADER]: headerSafe(edition.editionId),
  };
  if (options.test) headers[TEST_HEADER] = "yes";
  const mail: SendMailOptions = {
    from: options.from,
    to: recipient.name ? { name: headerSafe(recipient.name), address: recipient.email } : recipient.email,
    subject: (options.test ? TEST_SUBJECT_PREFIX : "") + personal.subject,
    text: personal.text,
    html: personal.html,
    messageId: messageIdFor(edition.editionId, recipient.email, {
      domain: options.messageIdDomain ?? domainOf(options.from),
      round: options.round ?? 0,
      ...(options.test ? { test: options.test.nonce } : {}),
    }),
    headers,
    // The X-Mailer header advertises a library version to the world; it helps nobody.
    xMailer: false,
  };
  if (options.replyTo) mail.replyTo = options.replyTo;
  if (options.date) mail.date = options.date;
  return mail;
}

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

function prepared(value: string): { prepared: true; foldLines: true; value: string } {
  return { prepared: true, foldLines: true, value };
}

/** mailto: variant of List-Unsubscribe; the body carries the signed url so a robot can verify it. */
function unsubscribeMailto(address: string, unsubscribeUrl: string): string {
  const mailbox = address.trim();
  if (!/^[^\s<>@,;"]+@[^\s<>@,;"]+$/.test(mailbox)) {
    throw new MessageSettingsError(`unsubscribe mailbox "${address}" is not an email address`);
  }
  return `mailto:${mailbox}?subject=unsubscribe&body=${encodeURIComponent(unsubscribeUrl)}`;
}

/** The one-click url, normalised so that it cannot break out of its <...> in the header. */
function httpsUrl(value: string): string {
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
function listIdHeader(listId: string, listName: string | undefined): string {
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
function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
