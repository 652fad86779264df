/**
 * The preview's "send test" button: one copy of the current edition to one address,
 * through the same parts as `news-digest send --test ADDRESS` (SMTP url and
 * unsubscribe key from the same places, the same list identity and DKIM, and
 * sendTestCopy itself), so what the editor receives is what the test command sends.
 *
 * Whether sending is possible is worked out with every build, from the config and the
 * environment, so the page can say up front what is missing instead of failing on click.
 */
import type { Config } from "../../config.js";
import type { RenderedEdition } from "../../model.js";
import { editionWebUrl } from "../../compose/links.js";
import { personalize } from "../../render/personalize.js";
import { listIdentityFrom } from "../send/config-section.js";
import { resolveDkim } from "../send/dkim.js";
import { redact, resolveSmtp, SmtpConfigError } from "../send/smtp.js";
import { sendTestCopy } from "../send/test-copy.js";
import { tokenKeyFromEnv } from "../send/token.js";
import { openSmtpPool } from "../send/transport.js";

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
  const key = tokenKeyFromEnv(env);
  if ("error" in key) return { ready: false, reason: `sending is not configured: ${key.error}` };
  let target;
  try {
    target = resolveSmtp({ config: config.send.smtp ?? undefined, env, allowInsecure: config.send.allowInsecure });
  } catch (error) {
    if (error instanceof SmtpConfigError) return { ready: false, reason: `sending is not configured: ${error.message}` };
    throw error;
  }
  const smtp = target;
  return {
    ready: true,
    via: smtp.display,
    async send(address: string, now: Date): Promise<string> {
      try {
        const dkim = await resolveDkim(
          {
            ...(config.send.dkim.domainName ? { domainName: config.send.dkim.domainName } : {}),
            ...(config.send.dkim.keySelector ? { keySelector: config.send.dkim.keySelector } : {}),
            ...(config.send.dkim.privateKeyFile ? { privateKeyFile: config.send.dkim.privateKeyFile } : {}),
          },
          env,
        );
        const info = await sendTestCopy({
          edition,
          address,
          name: config.preview.recipient.name,
          personalize,
          identity: listIdentityFrom(config),
          unsubscribe: { baseUrl: config.links.unsubscribeBase, tokenKey: key.key },
          viewInBrowserUrl: editionWebUrl(config.links.viewInBrowserBase, edition.editionId),
          mailer: openSmtpPool(smtp, { connections: 1, timeoutMs: config.send.timeoutMs, dkim }),
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
