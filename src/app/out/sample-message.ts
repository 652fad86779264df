/**
 * The sample recipient's whole MIME message (message.eml): the mail options come
 * from buildMailOptions with the config's list identity, exactly as a sent copy's
 * do (List-Unsubscribe, List-Unsubscribe-Post, List-Id, a Message-ID derived from
 * edition and recipient, both parts), and nodemailer's MailComposer turns them
 * into RFC 5322 bytes without sending anything.
 */
import { buildMailOptions } from "../../deliver/send/index.js";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../../config/index.js";
import type { RenderedDigest } from "../../pipeline.js";
;
import { listIdentityFrom } from "../../config/index.js";

/** The sample copy of a built edition as a whole message, dated `date`. */
export function sampleMessageEml(built: RenderedDigest, config: Config, date: Date): Promise<Buffer> {
  const { personalization, message } = built.sample;
  return composeMessage(buildMailOptions(built.render.edition, message, personalization, { ...listIdentityFrom(config), date }));
}

/** Mail options as RFC 5322 bytes. */
export function composeMessage(options: SendMailOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer(options).compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}
