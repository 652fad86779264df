/**
 * Where to send: an SMTP url from `--smtp`, the SMTP_URL environment variable, or the
 * config, in that order, turned into nodemailer pool options. The password is kept out
 * of everything printed: `display` is the url with the password replaced, and
 * `redact()` scrubs it from any text (error messages included) before it is shown.
 *
 * Plain-text SMTP to another machine would expose the list and the credentials, so
 * STARTTLS is required for every host that is not loopback unless the config says
 * `allowInsecure: true`. smtps:// uses TLS from the first byte instead.
 */
import type { SMTPPoolOptions } from "nodemailer";

export const SMTP_URL_ENV = "SMTP_URL";
/** Password for an url that names a user but carries no password. */
export const SMTP_PASSWORD_ENV = "SMTP_PASSWORD";

export interface SmtpSources {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  config?: string | undefined;
  /** From config: permits plain SMTP to a non-loopback host. */
  allowInsecure?: boolean | undefined;
}

export interface SmtpTarget {
  /** Where the url came from, for messages. */
  source: "--smtp" | "SMTP_URL" | "config";
  host: string;
  port: number;
  /** TLS from connect (smtps). */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTLS: boolean;
  user?: string;
  pass?: string;
  /** The url as it may be printed. */
  display: string;
}

export class SmtpConfigError extends Error {}

export function resolveSmtp(sources: SmtpSources): SmtpTarget {
  const env = sources.env ?? process.env;
  const [source, raw] =
    sources.flag !== undefined
      ? (["--smtp", sources.flag] as const)
      : env[SMTP_URL_ENV]
        ? (["SMTP_URL", env[SMTP_URL_ENV]] as const)
        : sources.config !== undefined
          ? (["config", sources.config] as const)
          : ([undefined, undefined] as const);
  if (source === undefined || raw === undefined) {
    throw new SmtpConfigError(`no SMTP server: pass --smtp smtp://user@host:587, set ${SMTP_URL_ENV}, or set send.smtp in the config`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SmtpConfigError(`${source}: "${redactUrlText(raw)}" is not a url like smtp://user:password@host:587`);
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (scheme !== "smtp" && scheme !== "smtps") {
    throw new SmtpConfigError(`${source}: expected an smtp:// or smtps:// url, found ${scheme}://`);
  }
  if (!url.hostname) throw new SmtpConfigError(`${source}: the SMTP url has no host`);
  const secure = scheme === "smtps";
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const pass = url.password ? decodeURIComponent(url.password) : user ? env[SMTP_PASSWORD_ENV] || undefined : undefined;
  const loopback = isLoopback(host);
  const target: SmtpTarget = {
    source,
    host,
    port,
    secure,
    requireTLS: !secure && !loopback && !sources.allowInsecure,
    display: displayUrl(url),
  };
  if (user !== undefined) target.user = user;
  if (pass !== undefined) target.pass = pass;
  return target;
}

/** Nodemailer pool options for a target and the run's limits. */
export function poolOptions(
  target: SmtpTarget,
  limits: { connections: number; messagesPerConnection?: number; timeoutMs?: number },
): SMTPPoolOptions & { pool: true } {
  const timeout = limits.timeoutMs ?? 60_000;
  const options: SMTPPoolOptions & { pool: true } = {
    pool: true,
    host: target.host,
    port: target.port,
    secure: target.secure,
    requireTLS: target.requireTLS,
    maxConnections: limits.connections,
    // Reconnecting every 100 messages (nodemailer's default) costs a handshake for little gain.
    maxMessages: limits.messagesPerConnection ?? 1000,
    // Retrying is the sender's job: it knows the backoff, the log and the report.
    maxRequeues: 0,
    connectionTimeout: timeout,
    greetingTimeout: Math.min(timeout, 30_000),
    socketTimeout: timeout,
    logger: false,
    debug: false,
  };
  if (target.user !== undefined) options.auth = { user: target.user, pass: target.pass ?? "" };
  return options;
}

/** Replaces every occurrence of the password (raw and url-encoded) in `text`. */
export function redact(text: string, target: Pick<SmtpTarget, "pass"> | undefined): string {
  const pass = target?.pass;
  if (!pass) return text;
  let out = text;
  for (const form of new Set([pass, encodeURIComponent(pass)])) out = out.split(form).join("***");
  return out;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  return shown.href.replace(/\/$/, "");
}

/**
 * For a string that did not even parse as a url: hide whatever sits between the user's
 * ":" and the last "@" (a password may itself hold "@", and the host never does).
 */
function redactUrlText(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:).*@/s, "$1***@");
}
