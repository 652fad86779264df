/**
 * Sends a compiled edition to one list with the settings `news-digest send`
 * uses (config, SMTP_URL, the token key and DKIM from the environment), for a
 * scheduled run in the same process. The delivery itself, its log and its
 * "already sent" and "nothing new" rules are the send engine's.
 */
import type { Config } from "../../config.js";
import type { RenderedEdition } from "../../model.js";
import { personalize } from "../../render/personalize.js";
import { listIdentityFrom, sendLimitsFrom } from "../send/config-section.js";
import { resolveDkim } from "../send/dkim.js";
import { sendEdition, type SendReport } from "../send/engine.js";
import { readRecipientList } from "../send/recipients.js";
import { resolveSmtp } from "../send/smtp.js";
import { listKeyFor } from "../send/state-paths.js";
import { tokenKeyFromEnv } from "../send/token.js";
import { openSmtpPool } from "../send/transport.js";

export interface SendToListOptions {
  config: Config;
  edition: RenderedEdition;
  /** Recipients file (.csv, .json, .jsonl). */
  list: string;
  stateDir: string;
  /** Stories of the edition that went out before and changed since: they count as new. */
  updatedStoryIds?: readonly string[];
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
  const env = options.env ?? process.env;
  const key = tokenKeyFromEnv(env);
  if ("error" in key) throw new Error(key.error);
  const target = resolveSmtp({ flag: options.smtp, env, config: config.send.smtp ?? undefined, allowInsecure: config.send.allowInsecure });
  const dkim = await resolveDkim(
    {
      ...(config.send.dkim.domainName ? { domainName: config.send.dkim.domainName } : {}),
      ...(config.send.dkim.keySelector ? { keySelector: config.send.dkim.keySelector } : {}),
      ...(config.send.dkim.privateKeyFile ? { privateKeyFile: config.send.dkim.privateKeyFile } : {}),
    },
    env,
  );
  const limits = sendLimitsFrom(config.send);
  const base = config.links.viewInBrowserBase;
  return sendEdition({
    edition,
    ...(options.updatedStoryIds ? { updatedStoryIds: options.updatedStoryIds } : {}),
    recipients: readRecipientList(options.list),
    listKey: listKeyOf(config, options.list),
    stateDir: options.stateDir,
    personalize,
    identity: listIdentityFrom(config),
    unsubscribe: { baseUrl: config.links.unsubscribeBase, tokenKey: key.key },
    viewInBrowserUrl: `${base}${base.endsWith("/") ? "" : "/"}${encodeURIComponent(edition.editionId)}`,
    openMailer: () => openSmtpPool(target, { connections: limits.concurrency, timeoutMs: config.send.timeoutMs, dkim }),
    limits,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
