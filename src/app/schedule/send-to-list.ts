/**
 * Sends a compiled edition to one list with the settings `news-digest send` uses
 * (the send setup of ../send/job-setup.ts: config, SMTP_URL, the token key and DKIM
 * from the environment). The delivery itself, its log and its "already sent" and
 * "nothing new" rules are the send engine's.
 */
import type { Config } from "../../config/index.js";
import type { RenderedEdition } from "../../model.js";
import { listIdentityFrom } from "../../config/index.js";
import { sendEdition, type SendLimits, type SendObserver, type SendReport } from "../../deliver/send/index.js";
import { sendJobFromConfig, type SendJobSetup } from "../../deliver/send/index.js";
import { readRecipientList } from "../../deliver/send/index.js";
import { listKeyFor } from "../../deliver/send/index.js";

/** How `news-digest send` may change a run; the scheduler leaves them all at their defaults. */
export interface SendRunOptions {
  /** Send again to everyone, even if this edition already went out. */
  force?: boolean;
  /** Build and check every message; connect to nothing, record nothing. */
  dryRun?: boolean;
  /** Overrides of the config's limits (--rate, --concurrency). */
  limits?: Partial<SendLimits>;
  observer?: SendObserver;
}

export interface SendToListOptions extends SendRunOptions {
  config: Config;
  edition: RenderedEdition;
  /** Recipients file (.csv, .json, .jsonl). */
  list: string;
  stateDir: string;
  /** Stories of the edition that went out before and changed since: they count as new. */
  updatedStoryIds?: readonly string[];
  /** The send setup, when the caller made it already (to print the server first); made from the options below otherwise. */
  setup?: SendJobSetup;
  /** --smtp; else SMTP_URL, else the config. */
  smtp?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  now?: () => Date;
}

/** The list's key in the state folder, as `send` computes it. */
export function listKeyOf(config: Config, list: string): string {
  return listKeyFor(listIdentityFrom(config).listId, list);
}

export async function sendToList(options: SendToListOptions): Promise<SendReport> {
  const { config, edition } = options;
  const setup =
    options.setup ??
    (await sendJobFromConfig(config, {
      smtp: options.smtp,
      ...(options.env ? { env: options.env } : {}),
      connect: options.dryRun !== true,
      ...(options.limits ? { limits: options.limits } : {}),
    }));
  return sendEdition({
    ...setup.forEdition(edition),
    ...(options.updatedStoryIds ? { updatedStoryIds: options.updatedStoryIds } : {}),
    recipients: readRecipientList(options.list),
    listKey: listKeyOf(config, options.list),
    stateDir: options.stateDir,
    openMailer: () => setup.openMailer(),
    limits: setup.limits,
    force: options.force === true,
    dryRun: options.dryRun === true,
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
