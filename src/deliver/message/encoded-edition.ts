/**
 * An edition's MIME message, encoded once and spliced per reader.
 *
 * Every copy of an edition is the same body but for a few slots (the reader's
 * address, name, unsubscribe and web links). Composing each copy from scratch
 * re-runs quoted-printable encoding, the transfer-encoding scan and header building
 * over ~30 KB per reader: most of a sender's CPU. Here the fixed stretches of each
 * part are quoted-printable encoded once, each closed with a soft line break
 * ("=\r\n", which decodes to nothing), so a reader's value, encoded on its own and
 * closed the same way, can be put between them without touching the rest. The
 * result is a complete RFC 5322 message handed to the transport as `raw`.
 *
 * Headers follow the same rules as buildMailOptions (message.ts): the same checks on
 * list settings, the same derived Message-ID, the same RFC 2369/2919/8058 headers.
 */
import { randomBytes } from "node:crypto";
import type { Personalization, RenderedEdition } from "../../model.js";
import { escapeHtml, splitEdition, valuesFor, type SplitText } from "../../render/index.js";
import { domainOf, lazyLibrary } from "../../text/index.js";
import {
  EDITION_HEADER,
  headerSafe,
  httpsUrl,
  listIdHeader,
  messageIdFor,
  TEST_HEADER,
  TEST_SUBJECT_PREFIX,
  unsubscribeMailto,
  type MessageOptions,
} from "./message.js";

// nodemailer's own encoders, required when the first edition is encoded: commands that
// send nothing (`editions`) never load them.
const mimeFuncs = lazyLibrary<typeof import("nodemailer/lib/mime-funcs")>("nodemailer/lib/mime-funcs");
const qp = lazyLibrary<typeof import("nodemailer/lib/qp")>("nodemailer/lib/qp");

/** What stays the same for every reader of one edition. */
export type EncodingOptions = Omit<MessageOptions, "date">;

/** One body part: encoded fixed stretches, and between them the keys of the slots. */
interface EncodedPart {
  /** Content-Type and transfer-encoding headers of the part, with its boundary line. */
  head: Buffer;
  /** stretches[0] key[0] stretches[1] ... ; every stretch but the last ends in a soft break. */
  stretches: Buffer[];
  keys: string[];
  /** HTML values are escaped before encoding; text values go in as they are. */
  html: boolean;
}

export interface EncodedEdition {
  editionId: string;
  options: EncodingOptions;
  /** Header lines shared by every copy (From, Subject, List-Id, ...), CRLF-terminated. */
  sharedHead: Buffer;
  parts: EncodedPart[];
  /** The closing boundary. */
  tail: Buffer;
}

const CRLF = "\r\n";
const SOFT_BREAK = Buffer.from(`=${CRLF}`, "latin1");
/** RFC 2045 limit for encoded lines, soft break included. */
const QP_LINE = 76;

/** Encodes the edition once; reuse the result for every reader of the run. */
export function encodeEdition(edition: RenderedEdition, options: EncodingOptions): EncodedEdition {
  const boundary = `--_nd_${randomBytes(12).toString("hex")}`;
  const split = splitEdition(edition);
  const subject = (options.test ? TEST_SUBJECT_PREFIX : "") + edition.subject;
  const shared = [
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    header("List-ID", listIdHeader(options.listId, options.listName)),
    header(EDITION_HEADER, headerSafe(edition.editionId)),
    ...(options.test ? [header(TEST_HEADER, "yes")] : []),
    header("From", formatAddress(options.from)),
    ...(options.replyTo ? [header("Reply-To", formatAddress(options.replyTo))] : []),
    header("Subject", mimeFuncs().encodeWords(headerSafe(subject), "Q", 52)),
    header("MIME-Version", "1.0"),
    header("Content-Type", `multipart/alternative; boundary="${boundary}"`),
  ];
  return {
    editionId: edition.editionId,
    options,
    sharedHead: Buffer.from(shared.join(""), "latin1"),
    parts: [encodePart(split.text, "text/plain", boundary, false), encodePart(split.html, "text/html", boundary, true)],
    tail: Buffer.from(`${CRLF}--${boundary}--${CRLF}`, "latin1"),
  };
}

/** One reader's whole message, ready for the transport's `raw`, and its Message-ID. */
export function readerMessage(encoded: EncodedEdition, personalization: Personalization, date: Date): { raw: Buffer; messageId: string } {
  const { options } = encoded;
  const { recipient, unsubscribeUrl } = personalization;
  const messageId = messageIdFor(encoded.editionId, recipient.email, {
    domain: options.messageIdDomain ?? domainOf(options.from),
    round: options.round ?? 0,
    ...(options.test ? { test: options.test.nonce } : {}),
  });
  const own = [
    // RFC 2369: https first, since RFC 8058 one-click applies to the https url only.
    header("List-Unsubscribe", `<${httpsUrl(unsubscribeUrl)}>, <${unsubscribeMailto(options.unsubscribeMailto, unsubscribeUrl)}>`),
    header("To", formatAddress(recipient.email, recipient.name)),
    header("Message-ID", messageId),
    header("Date", rfc5322Date(date)),
  ];
  // After the headers: their checks name the bad setting more precisely.
  const value = valuesFor(personalization);
  const chunks: Buffer[] = [Buffer.from(own.join(""), "latin1"), encoded.sharedHead];
  for (const part of encoded.parts) {
    chunks.push(part.head, part.stretches[0]!);
    for (let i = 0; i < part.keys.length; i++) {
      const raw = value(part.keys[i]!);
      if (raw !== "") chunks.push(encodeStretch(part.html ? escapeHtml(raw) : raw, true));
      chunks.push(part.stretches[i + 1]!);
    }
  }
  chunks.push(encoded.tail);
  return { raw: Buffer.concat(chunks), messageId };
}

function encodePart(split: SplitText, type: string, boundary: string, html: boolean): EncodedPart {
  const last = split.parts.length - 1;
  return {
    head: Buffer.from(
      `${CRLF}--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}`,
      "latin1",
    ),
    stretches: split.parts.map((text, i) => encodeStretch(text, i < last)),
    keys: split.keys,
    html,
  };
}

/**
 * `text` quoted-printable, wrapped at 76, with CRLF line ends; `open` stretches end
 * in a soft break so that whatever follows continues the same decoded line.
 */
function encodeStretch(text: string, open: boolean): Buffer {
  const encoded = qp().wrap(qp().encode(Buffer.from(text.replace(/\r?\n/g, CRLF), "utf8")), QP_LINE);
  if (!open || encoded === "") return Buffer.from(encoded, "latin1");
  return Buffer.concat([Buffer.from(encoded, "latin1"), SOFT_BREAK]);
}

/** A header line, folded at 76 and CRLF-terminated; the value must already be 7-bit. */
function header(name: string, value: string): string {
  return `${mimeFuncs().foldLines(`${name}: ${value}`, QP_LINE)}${CRLF}`;
}

/** "Name <a@b>" (the name quoted or encoded as needed) or a bare address. */
function formatAddress(mailbox: string, name?: string | undefined): string {
  const match = name === undefined ? /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailbox) : null;
  const display = headerSafe(name ?? match?.[1] ?? "").replace(/^"(.*)"$/, "$1");
  const address = headerSafe(match?.[2] ?? mailbox);
  if (display === "") return address;
  const phrase = /^[\x20-\x7e]*$/.test(display)
    ? /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*$/.test(display)
      ? display
      : `"${display.replace(/["\\]/g, "\\$&")}"`
    : mimeFuncs().encodeWords(display, "Q", 52, true);
  return `${phrase} <${address}>`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 5322 date in UTC: "Thu, 03 Dec 2026 11:30:03 +0000". */
function rfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
