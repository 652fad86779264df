/**
 * From the config, the flags and the environment to a Newsletter: what every run of every
 * edition to every list shares (the list identity, the unsubscribe signing key, the run
 * limits, the SMTP server, DKIM, the state folder), and openListRun(), the one way to
 * start a run. `news-digest send`, the scheduler and the preview's "send test" button all
 * start here, so a message sent by any of them carries the same headers, links and
 * signature, and every real run writes to the same ledger.
 *
 * Secrets (the SMTP password, the token key, a DKIM private key) come only from the
 * flags and the environment given here, and stay inside: `target.display` and
 * `redact()` are what may be printed.
 */
import { existsSync } from "node:fs";
import { editionWebUrl, tokenKeyFromEnv } from "../../links/index.js";
import type { Config } from "../../config/index.js";
import type { ListIdentity, RenderedEdition, SendLimits } from "../../model.js";
import { listIdentityFrom, placeholderSettings, sendLimitsFrom } from "../../config/index.js";
import { resolveDkim } from "./dkim.js";
import { listHistory } from "../ledger/index.js";
import { openFileLedger, type Ledger, type LedgerRequest } from "../ledger/index.js";
import { ListRun, type RunOptions, type RunSuppressions } from "./list-run.js";
import { openListState } from "../ledger/index.js";
import { dryRunMessenger, smtpMessenger, type Messenger } from "./messengers/index.js";
import type { EditionMessages } from "../message/index.js";
import { openRecipientList } from "./recipients.js";
import { resolveSmtp, type SmtpTarget } from "./smtp.js";
import type { ListRef } from "../ledger/index.js";
import { openSuppressions, suppressionsPath } from "../suppressions/index.js";

export interface SendSetupOptions {
  /** --smtp: wins over SMTP_URL and the config's send.smtp. */
  smtp?: string | undefined;
  /** Where SMTP_URL, SMTP_PASSWORD, the token key and the DKIM variables are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** false: no SMTP server is resolved, none is required (a dry run connects to nothing). Default true. */
  connect?: boolean;
  /** Overrides of the config's run limits (--rate, --concurrency). */
  limits?: Partial<SendLimits>;
  /** --state: wins over the config's send.stateDir. */
  stateDir?: string | undefined;
  /**
   * Only test copies will be sent (--test, the preview's "send test" button): the sender
   * and links may still be placeholders. A dry run (connect: false) needs no flag.
   */
  testCopiesOnly?: boolean;
  /**
   * Readers will be mailed by other processes (workers of a queue): no SMTP server is
   * needed here, but the sender and links must not be placeholders.
   */
  mailedElsewhere?: boolean;
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
  /** Absolute: the ledger and the lists' histories live here. */
  stateDir: string;
}

export interface Newsletter extends SendSettings {
  /** What each reader's copy of `edition` is made of. */
  messagesFor(edition: RenderedEdition): EditionMessages;
  /** An SMTP messenger to `target`, DKIM-signing when configured; `connections` is the run's concurrency by default. */
  smtpMessenger(connections?: number): Messenger;
  /** The ledger of one edition (the seam a shared ledger plugs into); `write` false: read only. */
  openLedger(request: LedgerRequest, write: boolean): Promise<Ledger>;
  /** A list's state folder (its edition history), taking over the previous layout's. */
  listState(list: ListRef): Promise<string>;
  /** The newsletter's suppression list (the seam a shared store plugs into); `write` false: nothing is created. */
  openSuppressions(write: boolean): Promise<RunSuppressions>;
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
  if ((target && options.testCopiesOnly !== true) || options.mailedElsewhere === true) refusePlaceholders(config);
  return {
    identity: listIdentityFrom(config),
    unsubscribe: { baseUrl: config.links.unsubscribeBase, tokenKey: key.key },
    limits: { ...sendLimitsFrom(config.send), ...options.limits },
    target,
    stateDir: options.stateDir ?? config.send.stateDir,
  };
}

/** The settings plus DKIM (a key file may be read). Throws as sendSettingsFromConfig, or DkimConfigError. */
export async function newsletterFromConfig(config: Config, options: SendSetupOptions = {}): Promise<Newsletter> {
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
    messagesFor: (edition) => ({
      edition,
      identity: settings.identity,
      unsubscribe: settings.unsubscribe,
      viewInBrowserUrl: editionWebUrl(config.links.viewInBrowserBase, edition.editionId),
    }),
    smtpMessenger(connections = settings.limits.concurrency) {
      if (!settings.target) throw new Error("no SMTP server was resolved for this run (a dry run connects to nothing)");
      return smtpMessenger(settings.target, { connections, timeoutMs: config.send.timeoutMs, dkim });
    },
    openLedger: (request, write) => openFileLedger({ stateDir: settings.stateDir, listId: settings.identity.listId, write }, request),
    listState: (list) => openListState(settings.stateDir, settings.identity.listId, list),
    openSuppressions: (write) => openFileSuppressions(settings.stateDir, settings.identity.listId, write),
  };
}

/** Nobody suppressed yet, and a dry run must leave no file behind. */
const NO_SUPPRESSIONS: RunSuppressions = {
  has: () => false,
  add: () => Promise.reject(new Error("a read-only run records no suppression")),
  close: () => Promise.resolve(),
};

/** The suppression file under the state folder; read only and absent: nobody is suppressed, and nothing is created. */
export async function openFileSuppressions(stateDir: string, listId: string, write: boolean): Promise<RunSuppressions> {
  if (!write && !existsSync(suppressionsPath(stateDir, listId))) return NO_SUPPRESSIONS;
  return openSuppressions(stateDir, listId);
}

/**
 * Opens the run of `edition` to `list`: the list is opened first (a missing file or one
 * without an email column is an input error, before any lock or state), then the
 * edition's ledger (under its lock, for a real run), then the list's history and the
 * newsletter's suppression list. A dry run gets a messenger that sends nothing and a
 * ledger and history that record nothing.
 */
export async function openListRun(
  newsletter: Newsletter,
  list: ListRef,
  edition: RenderedEdition,
  options: RunOptions & { updatedStoryIds?: readonly string[] } = {},
): Promise<ListRun> {
  const recipients = await openRecipientList(list.path);
  const write = options.dryRun !== true;
  const now = options.now ?? (() => new Date());
  const ledger = await newsletter.openLedger({ editionId: edition.editionId, storyIds: edition.storyIds, force: options.force === true, now }, write);
  let suppressions: RunSuppressions | undefined;
  try {
    const listDir = await newsletter.listState(list);
    suppressions = await newsletter.openSuppressions(write);
    const parts = {
      list,
      messages: newsletter.messagesFor(edition),
      recipients,
      ledger,
      suppressions,
      messenger: write ? newsletter.smtpMessenger() : dryRunMessenger(),
      history: listHistory(listDir, { write }),
      // Nothing leaves a dry run, so nothing is gained by overlapping messages: building is
      // CPU-bound, and each message half-built at once is memory held (100,000 readers).
      limits: write ? newsletter.limits : { ...newsletter.limits, concurrency: 1 },
      ...(options.updatedStoryIds ? { updatedStoryIds: options.updatedStoryIds } : {}),
    };
    return new ListRun(parts, options);
  } catch (error) {
    await ledger.close({ sent: 0, failed: 0 });
    await suppressions?.close();
    throw error;
  }
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
