/**
 * From the config, the flags and the environment to the parts of a send job that do
 * not depend on the list: the list identity, the unsubscribe signing key, the run
 * limits, the SMTP server, DKIM, and the pool opener. `news-digest send`, the
 * scheduler and the preview's "send test" button all start here, so a message sent by
 * any of them carries the same headers, links and signature.
 *
 * Secrets (the SMTP password, the token key, a DKIM private key) come only from the
 * flags and the environment given here, and stay inside: `target.display` and
 * `redact()` are what may be printed.
 */
import { editionWebUrl } from "../../links/index.js";
import type { Config } from "../../config/index.js";
import type { RenderedEdition } from "../../model.js";
import { personalize } from "../../render/index.js";
import { listIdentityFrom, placeholderSettings, sendLimitsFrom } from "../../config/index.js";
import { resolveDkim } from "./dkim.js";
import type { ListIdentity, Mailer, Personalize, SendLimits } from "./engine.js";
import { resolveSmtp, type SmtpTarget } from "./smtp.js";
import { tokenKeyFromEnv } from "../../links/index.js";
import { openSmtpPool } from "./transport.js";

export interface SendSetupOptions {
  /** --smtp: wins over SMTP_URL and the config's send.smtp. */
  smtp?: string | undefined;
  /** Where SMTP_URL, SMTP_PASSWORD, the token key and the DKIM variables are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** false: no SMTP server is resolved, none is required (a dry run connects to nothing). Default true. */
  connect?: boolean;
  /** Overrides of the config's run limits (--rate, --concurrency). */
  limits?: Partial<SendLimits>;
  /**
   * Only test copies will be sent (--test, the preview's "send test" button): the sender
   * and links may still be placeholders. A dry run (connect: false) needs no flag.
   */
  testCopiesOnly?: boolean;
}

/** The signing key is missing or unusable: nothing can be sent with a verifiable unsubscribe link. */
export class TokenKeyError extends Error {}

/** A real send while the sender or a link is still on a placeholder domain (example.com...). */
export class PlaceholderSettingsError extends Error {}

/** What every message of this newsletter needs, whatever the edition and the list. */
export interface SendSettings {
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  limits: SendLimits;
  /** The SMTP server (undefined when `connect` was false); its `display` hides the password. */
  target: SmtpTarget | undefined;
}

/** The fields a send job and a test copy share for one edition. */
export interface EditionSendFields {
  edition: RenderedEdition;
  personalize: Personalize;
  identity: ListIdentity;
  unsubscribe: { baseUrl: string; tokenKey: string };
  viewInBrowserUrl: string;
}

export interface SendJobSetup extends SendSettings {
  /** The edition-specific part of a send job (or a test copy). */
  forEdition(edition: RenderedEdition): EditionSendFields;
  /** A pooled SMTP transport to `target`, DKIM-signing when configured; `connections` is the run's concurrency by default. */
  openMailer(connections?: number): Mailer;
}

/**
 * The settings without DKIM, synchronously, so that a caller can say up front what is
 * missing (the preview page does). Throws TokenKeyError, SmtpConfigError or
 * PlaceholderSettingsError with a one-line reason.
 */
export function sendSettingsFromConfig(config: Config, options: SendSetupOptions = {}): SendSettings {
  const env = options.env ?? process.env;
  const key = tokenKeyFromEnv(env);
  if ("error" in key) throw new TokenKeyError(key.error);
  const target =
    options.connect === false
      ? undefined
      : resolveSmtp({ flag: options.smtp, env, config: config.send.smtp ?? undefined, allowInsecure: config.send.allowInsecure });
  if (target && options.testCopiesOnly !== true) refusePlaceholders(config);
  return {
    identity: listIdentityFrom(config),
    unsubscribe: { baseUrl: config.links.unsubscribeBase, tokenKey: key.key },
    limits: { ...sendLimitsFrom(config.send), ...options.limits },
    target,
  };
}

/** The settings plus DKIM (a key file may be read) and the pool opener. Throws as sendSettingsFromConfig, or DkimConfigError. */
export async function sendJobFromConfig(config: Config, options: SendSetupOptions = {}): Promise<SendJobSetup> {
  const settings = sendSettingsFromConfig(config, options);
  const { dkim: section } = config.send;
  const dkim = await resolveDkim(
    {
      ...(section.domainName ? { domainName: section.domainName } : {}),
      ...(section.keySelector ? { keySelector: section.keySelector } : {}),
      ...(section.privateKeyFile ? { privateKeyFile: section.privateKeyFile } : {}),
    },
    options.env ?? process.env,
  );
  return {
    ...settings,
    forEdition: (edition) => ({
      edition,
      personalize,
      identity: settings.identity,
      unsubscribe: settings.unsubscribe,
      viewInBrowserUrl: editionWebUrl(config.links.viewInBrowserBase, edition.editionId),
    }),
    openMailer(connections = settings.limits.concurrency) {
      if (!settings.target) throw new Error("no SMTP server was resolved for this run (a dry run connects to nothing)");
      return openSmtpPool(settings.target, { connections, timeoutMs: config.send.timeoutMs, dkim });
    },
  };
}

/** Readers must not get mail from digest@example.com with links to example.com: the config was never filled in. */
function refusePlaceholders(config: Config): void {
  const found = placeholderSettings(config);
  if (found.length === 0) return;
  const listed = found.map(({ key, value }) => `${key} (${value})`).join(", ");
  throw new PlaceholderSettingsError(
    `refusing to send to readers while the config holds placeholder addresses: set ${listed} to the newsletter's own; --dry-run and --test work without them`,
  );
}
