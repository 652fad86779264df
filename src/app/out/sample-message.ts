/**
 * The sample recipient's whole message (message.eml), made by the composer every sent
 * copy comes from (../../deliver/message/reader-message.ts): the config's list identity,
 * List-Unsubscribe, List-Unsubscribe-Post, List-Id, a Message-ID derived from edition
 * and recipient, both parts.
 */
import { composeMessage, type OutgoingMessage } from "../../deliver/message/index.js";
import type { Config } from "../../config/index.js";
import type { RenderedDigest } from "../../pipeline.js";
import { listIdentityFrom } from "../../config/index.js";

/** The sample copy of a built edition as the message that would leave, dated `date`. */
export function sampleMessage(built: RenderedDigest, config: Config, date: Date): Promise<OutgoingMessage> {
  return composeMessage(built.render.edition, built.sample.personalization, { ...listIdentityFrom(config), date });
}
