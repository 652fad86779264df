/**
 * The sample recipient's whole MIME message (message.eml): multipart/alternative
 * with the text and HTML parts and the headers a list message carries, built by
 * nodemailer's MailComposer without sending anything.
 *
 * Interim: the send stage's buildMailOptions (./message.ts) is the one source of
 * truth for a sent message's headers; once its options can be derived from the
 * config, this should call it so the preview matches a sent copy header for header.
 */
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import type { Config } from "../config.js";
import type { PersonalMessage, Personalization, RenderedEdition } from "../model.js";

function domainOf(mailbox: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailbox)?.[1] ?? "localhost";
}

export function sampleMailOptions(
  edition: RenderedEdition,
  message: PersonalMessage,
  personalization: Personalization,
  config: Config,
  date: Date,
): Mail.Options {
  const { recipient } = personalization;
  const options: Mail.Options = {
    from: config.from,
    to: recipient.name ? { name: recipient.name, address: recipient.email } : recipient.email,
    subject: message.subject,
    text: message.text,
    html: message.html,
    date,
    messageId: `<${edition.editionId}.preview@${domainOf(config.from)}>`,
    headers: {
      "List-Unsubscribe": `<${personalization.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "X-News-Digest-Edition": edition.editionId,
    },
    xMailer: false,
  };
  if (config.replyTo) options.replyTo = config.replyTo;
  return options;
}

/** The message as RFC 5322 bytes. */
export function composeMessage(options: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(options).compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}
