/**
 * When a permanent failure means "this mailbox is gone" (suppress the address for every
 * later edition) and when it only means "not this message" (fail the reader for this
 * edition and try again with the next). One rule for the refusal at send time and for a
 * bounce that comes back later (../bounces), so a reader is suppressed for the same
 * reasons either way.
 *
 * Gone: the enhanced status (RFC 3463) says the address or its domain does not exist
 * or the mailbox is disabled; or the status is missing or generic and the server's
 * words are the 550 "user unknown" family. Not gone: a policy or content refusal (5.7.x,
 * spam, blocklists: about the sender or the message), a full mailbox (552, 5.2.2), a
 * message too large (5.3.4): the next edition may well get through.
 */
import type { NewSuppression } from "./store.js";

/** Bad mailbox, bad domain, bad syntax, moved without forwarding, null MX (RFC 7505), disabled. */
const GONE_STATUSES = new Set(["5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1"]);
/** Statuses that say nothing in particular: the server's words decide. */
const GENERIC_STATUSES = new Set(["5.0.0", "5.1.0"]);
const GONE_WORDS =
  /\b(?:user unknown|unknown user|no such (?:user|mailbox|recipient)|user not found|recipient unknown|unknown recipient|mailbox (?:unavailable|not found|does not exist)|(?:address|account|mailbox|user) (?:does not|doesn't) exist|invalid (?:mailbox|recipient))\b/i;

/**
 * Whether a permanent failure says the mailbox is gone. `status` is the enhanced status
 * code when there is one; `text` the server's reply or the bounce's diagnostic.
 */
export function mailboxGone(status: string | undefined, text: string): boolean {
  if (status !== undefined && GONE_STATUSES.has(status)) return true;
  if (status !== undefined && !GENERIC_STATUSES.has(status)) return false;
  return /^\s*550\b/.test(text) && GONE_WORDS.test(text);
}

/** "550 5.1.1 <ann@…>: user unknown" -> "5.1.1"; also "550-5.1.1 …" (a multi-line reply). */
export function enhancedStatusOf(text: string): string | undefined {
  return /^\s*\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
}

type SmtpError = { responseCode?: unknown; response?: unknown; message?: unknown; command?: unknown };

/**
 * The suppression a send-time SMTP error calls for (nodemailer's error: responseCode,
 * response, command), or null when the reader is only failed for this edition. A
 * refusal of our sender (MAIL FROM) is about us, never about the reader.
 */
export function suppressionForFailure(error: unknown, reader: { address: string; editionId?: string }): NewSuppression | null {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (code === undefined || code < 500 || code >= 600 || e.command === "MAIL FROM") return null;
  const reply = (typeof e.response === "string" && e.response ? e.response : String(e.message ?? "")).replace(/\s+/g, " ").trim();
  const status = enhancedStatusOf(reply);
  if (!mailboxGone(status, reply)) return null;
  const suppression: NewSuppression = { address: reader.address, reason: "bounced", status: status ?? String(code), diagnostic: reply };
  if (reader.editionId !== undefined) suppression.editionId = reader.editionId;
  return suppression;
}
