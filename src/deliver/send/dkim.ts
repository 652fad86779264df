/**
 * Optional DKIM signing, handed to nodemailer as its `dkim` transport option. Settings
 * come from the config's `send.dkim` and from the environment (which wins, so the
 * private key can stay out of files that get committed):
 *   NEWS_DIGEST_DKIM_DOMAIN, NEWS_DIGEST_DKIM_SELECTOR,
 *   NEWS_DIGEST_DKIM_PRIVATE_KEY (PEM text) or NEWS_DIGEST_DKIM_PRIVATE_KEY_FILE.
 */
import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { DKIMOptions } from "nodemailer";

export interface DkimSettings {
  domainName?: string;
  keySelector?: string;
  /** Path to a PEM file, relative to the config file's folder. */
  privateKeyFile?: string;
}

export class DkimConfigError extends Error {}

export async function resolveDkim(
  settings: DkimSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
  baseDir = ".",
): Promise<DKIMOptions | undefined> {
  const domainName = env.NEWS_DIGEST_DKIM_DOMAIN || settings?.domainName;
  const keySelector = env.NEWS_DIGEST_DKIM_SELECTOR || settings?.keySelector;
  const keyFile = env.NEWS_DIGEST_DKIM_PRIVATE_KEY_FILE || (settings?.privateKeyFile ? resolve(baseDir, settings.privateKeyFile) : undefined);
  let privateKey = env.NEWS_DIGEST_DKIM_PRIVATE_KEY || undefined;
  if (!domainName && !keySelector && !keyFile && !privateKey) return undefined;
  if (!privateKey && keyFile) {
    try {
      privateKey = await readFile(keyFile, "utf8");
    } catch (error) {
      throw new DkimConfigError(`${keyFile}: cannot read the DKIM private key (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  const missing = [
    !domainName && "domain (send.dkim.domainName or NEWS_DIGEST_DKIM_DOMAIN)",
    !keySelector && "selector (send.dkim.keySelector or NEWS_DIGEST_DKIM_SELECTOR)",
    !privateKey && "private key (send.dkim.privateKeyFile, NEWS_DIGEST_DKIM_PRIVATE_KEY or NEWS_DIGEST_DKIM_PRIVATE_KEY_FILE)",
  ].filter(Boolean);
  if (missing.length > 0) throw new DkimConfigError(`DKIM is half configured: missing ${missing.join(", ")}`);
  try {
    createPrivateKey(privateKey!);
  } catch {
    throw new DkimConfigError(`${keyFile ?? "NEWS_DIGEST_DKIM_PRIVATE_KEY"}: not a PEM private key`);
  }
  return { domainName: domainName!, keySelector: keySelector!, privateKey: privateKey! };
}
