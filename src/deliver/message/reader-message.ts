/**
 * One reader's message as the bytes that leave: the signed unsubscribe link, the
 * edition encoded once per run (encoded-edition.ts) with this reader's values spliced
 * in, and its SMTP envelope. Every path that makes a message uses this: a send, a dry
 * run, a test copy and build's sample message.eml.
 */
import type { ListIdentity, Personalization, Recipient, RenderedEdition } from "../../model.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../links/index.js";
import { encodeEdition, readerMessage, type EncodedEdition } from "./encoded-edition.js";
import type { MessageOptions } from "./message.js";
import type { OutgoingMessage } from "./messenger.js";

/** What every reader's copy of one edition is made from. */
export interface EditionMessages {
  edition: RenderedEdition;
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  viewInBrowserUrl: string;
}

/** Per-message choices: the round (part of the Message-ID), a test copy, the Date header. */
export type ReaderMessageOptions = Pick<MessageOptions, "round" | "test" | "date">;

/** The edition encoded once per round and kind of copy, for all the readers of a run. */
const encodings = new WeakMap<EditionMessages, Map<string, EncodedEdition>>();

function encodedFor(parts: EditionMessages, options: ReaderMessageOptions): EncodedEdition {
  let byKind = encodings.get(parts);
  if (!byKind) encodings.set(parts, (byKind = new Map()));
  const kind = `${options.round ?? 0}/${options.test?.nonce ?? ""}`;
  let encoded = byKind.get(kind);
  if (!encoded) {
    const { date: _date, ...choices } = options;
    byKind.set(kind, (encoded = encodeEdition(parts.edition, { ...parts.identity, ...choices })));
  }
  return encoded;
}

/** `recipient`'s copy of the edition; throws when it cannot be built (a bad list setting). */
export async function composeReaderMessage(parts: EditionMessages, recipient: Recipient, options: ReaderMessageOptions = {}): Promise<OutgoingMessage> {
  const token = signUnsubscribeToken(parts.unsubscribe.tokenKey, { listId: parts.identity.listId, email: recipient.email.toLowerCase() });
  const personalization: Personalization = {
    recipient,
    unsubscribeUrl: unsubscribeUrlFor(parts.unsubscribe.baseUrl, token),
    viewInBrowserUrl: parts.viewInBrowserUrl,
  };
  return outgoing(encodedFor(parts, options), personalization, parts.identity.from, options.date);
}

/** One personalised copy of an edition as the message that leaves (build's message.eml). */
export async function composeMessage(edition: RenderedEdition, personalization: Personalization, options: MessageOptions): Promise<OutgoingMessage> {
  const { date, ...choices } = options;
  return outgoing(encodeEdition(edition, choices), personalization, options.from, date);
}

function outgoing(encoded: EncodedEdition, personalization: Personalization, from: string, date: Date | undefined): OutgoingMessage {
  const { raw, messageId } = readerMessage(encoded, personalization, date ?? new Date());
  return { envelope: { from: bareAddress(from), to: [personalization.recipient.email] }, raw, messageId };
}

/** "Name <a@b.example>" -> "a@b.example". */
function bareAddress(mailbox: string): string {
  return (/<([^>]*)>/.exec(mailbox)?.[1] ?? mailbox).trim();
}
