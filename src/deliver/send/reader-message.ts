/**
 * One reader's message as the bytes that leave: the signed unsubscribe link, the
 * personalised edition, the list headers (message.ts), composed into RFC 5322 by
 * nodemailer's MailComposer, with its SMTP envelope. Every path that makes a message uses
 * this: a send, a dry run, a test copy and build's sample message.eml.
 */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { ListIdentity, PersonalMessage, Personalization, Recipient, RenderedEdition } from "../../model.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../links/index.js";
import { buildMailOptions, type MessageOptions } from "./message.js";
import type { OutgoingMessage } from "./messengers/index.js";

/** Fills one recipient's fields into a compiled edition (render's personalize()). */
export type Personalize = (edition: RenderedEdition, personalization: Personalization) => PersonalMessage;

/** What every reader's copy of one edition is made from. */
export interface EditionMessages {
  edition: RenderedEdition;
  personalize: Personalize;
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  viewInBrowserUrl: string;
}

/** Per-message choices: the round (part of the Message-ID), a test copy, the Date header. */
export type ReaderMessageOptions = Pick<MessageOptions, "round" | "test" | "date">;

/** `recipient`'s copy of the edition; throws when it cannot be built (a bad list setting). */
export function composeReaderMessage(parts: EditionMessages, recipient: Recipient, options: ReaderMessageOptions = {}): Promise<OutgoingMessage> {
  const token = signUnsubscribeToken(parts.unsubscribe.tokenKey, { listId: parts.identity.listId, email: recipient.email.toLowerCase() });
  const personalization: Personalization = {
    recipient,
    unsubscribeUrl: unsubscribeUrlFor(parts.unsubscribe.baseUrl, token),
    viewInBrowserUrl: parts.viewInBrowserUrl,
  };
  return composeMessage(parts.edition, parts.personalize(parts.edition, personalization), personalization, { ...parts.identity, ...options });
}

/** A personalised edition as the message that leaves. */
export async function composeMessage(
  edition: RenderedEdition,
  personal: PersonalMessage,
  personalization: Personalization,
  options: MessageOptions,
): Promise<OutgoingMessage> {
  const mail = buildMailOptions(edition, personal, personalization, options);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    new MailComposer(mail).compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
  return { envelope: { from: bareAddress(options.from), to: [personalization.recipient.email] }, raw, messageId: String(mail.messageId) };
}

/** "Name <a@b.example>" -> "a@b.example". */
function bareAddress(mailbox: string): string {
  return (/<([^>]*)>/.exec(mailbox)?.[1] ?? mailbox).trim();
}
