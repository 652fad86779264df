/**
 * The preview's "send test" button: one copy of the current edition to one address,
 * through the same parts as `news-digest send --test ADDRESS` (the newsletter's settings,
 * its SMTP messenger and the reader-message composer, by way of sendTestCopy), so what
 * the editor receives is what the test command, and a list run, sends.
 *
 * Whether sending is possible is worked out with every build, from the config and the
 * environment, so the page can say up front what is missing instead of failing on click.
 */
import type { Config } from "../../config/index.js";
import type { RenderedEdition } from "../../model.js";
import { PlaceholderSettingsError, newsletterFromConfig, sendSettingsFromConfig, TokenKeyError } from "../../deliver/send/index.js";
import { redact, SmtpConfigError } from "../../deliver/send/index.js";
import { sendTestCopy } from "../../deliver/send/index.js";

export type TestSend =
  | { ready: false; reason: string }
  | {
      ready: true;
      /** The SMTP url as it may be shown (password hidden). */
      via: string;
      /** Sends the copy; resolves to a line saying what was sent, rejects with a reason to show. */
      send(address: string, now: Date): Promise<string>;
    };

export function prepareTestSend(config: Config, edition: RenderedEdition, env: NodeJS.ProcessEnv): TestSend {
  let smtp;
  try {
    smtp = sendSettingsFromConfig(config, { env, testCopiesOnly: true }).target!;
  } catch (error) {
    if (error instanceof TokenKeyError || error instanceof SmtpConfigError || error instanceof PlaceholderSettingsError) return { ready: false, reason: `sending is not configured: ${error.message}` };
    throw error;
  }
  return {
    ready: true,
    via: smtp.display,
    async send(address: string, now: Date): Promise<string> {
      try {
        const newsletter = await newsletterFromConfig(config, { env, testCopiesOnly: true });
        const info = await sendTestCopy({
          messages: newsletter.messagesFor(edition),
          address,
          name: config.preview.recipient.name,
          messenger: newsletter.smtpMessenger(1),
          now,
        });
        return `test copy of ${edition.editionId} sent to ${address} via ${smtp.display}${info.messageId ? ` (${info.messageId})` : ""}`;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(redact(message.replace(/^--test: /, ""), smtp));
      }
    },
  };
}
