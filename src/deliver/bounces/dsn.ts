/**
 * A delivery status notification (RFC 3464) read from a raw message with postal-mime:
 * a `multipart/report; report-type=delivery-status` whose `message/delivery-status` part
 * says, per recipient, what happened (Action, Status, Diagnostic-Code), and whose last
 * part returns the original message or its headers. The SMTPUTF8 forms (RFC 6533:
 * message/global-delivery-status, message/global, message/global-headers) read the same.
 * Anything else (a reply, an auto-reply, a newsletter) is not a DSN and gives null.
 */
import { createHash } from "node:crypto";
import PostalMime from "postal-mime";
import { headerFields, statusGroups, type Fields } from "./fields.js";

export interface DsnRecipient {
  /** Original-Recipient when given (the address as we sent to it), else Final-Recipient. */
  address: string;
  /** failed, delayed, delivered, relayed or expanded (lower case). */
  action: string;
  /** Enhanced status code, e.g. "5.1.1"; "" when the report gives none that reads. */
  status: string;
  /** The remote server's words, without the "smtp;" type. */
  diagnostic?: string;
}

/** The headers of the returned original that tell whose message it was. */
export interface OriginalHeaders {
  messageId?: string;
  /** The id inside List-Id's <...>. */
  listId?: string;
}

export interface Dsn {
  /** The DSN's own Message-ID, or a hash of the whole message when it has none: what "processed already" remembers. */
  id: string;
  recipients: DsnRecipient[];
  /** null when the report returned neither the message nor its headers. */
  original: OriginalHeaders | null;
}

const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);
const ORIGINAL_TYPES = new Set(["message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"]);

export async function readDsn(raw: Uint8Array): Promise<Dsn | null> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: "utf8" });
  const report = email.attachments.find((part) => STATUS_TYPES.has(part.mimeType));
  if (!report) return null;
  const original = email.attachments.find((part) => ORIGINAL_TYPES.has(part.mimeType));
  return {
    id: email.messageId?.trim() || `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    // Groups that name a recipient; the per-message group (Reporting-MTA, Arrival-Date) names none.
    recipients: statusGroups(text(report.content)).flatMap(recipientOf),
    original: original ? originalHeaders(text(original.content)) : null,
  };
}

function recipientOf(fields: Fields): DsnRecipient[] {
  const address = addressOf(fields.get("original-recipient")) ?? addressOf(fields.get("final-recipient"));
  const action = fields.get("action")?.trim().toLowerCase();
  if (!address || !action) return [];
  const recipient: DsnRecipient = { address, action, status: /^\s*([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get("status") ?? "")?.[1] ?? "" };
  const diagnostic = fields.get("diagnostic-code");
  if (diagnostic) recipient.diagnostic = withoutType(diagnostic).replace(/\s+/g, " ").trim();
  return [recipient];
}

/** "rfc822; ann@example.org" -> "ann@example.org" (a stray <...> removed); undefined when there is nothing. */
function addressOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const address = withoutType(value).trim().replace(/^<(.*)>$/, "$1");
  return address.includes("@") ? address : undefined;
}

/** Drops the leading "type;" of an RFC 3464 typed field ("rfc822;", "smtp;", "utf-8;"). */
function withoutType(value: string): string {
  return value.replace(/^\s*[A-Za-z0-9-]+\s*;/, "");
}

function originalHeaders(message: string): OriginalHeaders {
  const headers = headerFields(message);
  const original: OriginalHeaders = {};
  const messageId = /<[^<>\s]+>/.exec(headers.get("message-id") ?? "")?.[0];
  if (messageId) original.messageId = messageId;
  const listId = /<([^<>\s]+)>\s*$/.exec(headers.get("list-id") ?? "")?.[1];
  if (listId) original.listId = listId;
  return original;
}

function text(content: ArrayBuffer | Uint8Array | string): string {
  return typeof content === "string" ? content : new TextDecoder().decode(content);
}
