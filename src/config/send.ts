/**
 * The `send` section of the config file, and the list identity every message carries
 * (used by `send` and by `build` for its sample message.eml). Defaults make a config
 * without this section usable for a dry run; a real send needs at least an SMTP url.
 *
 *   "send": {
 *     "smtp": "smtp://user@mail.example.com:587",   // password: SMTP_URL or SMTP_PASSWORD
 *     "listId": "morning.example.com", "concurrency": 5, "rate": "10/s", ...
 *   }
 */
import { boolean, integer, nullable, object, string, type Infer, type Issue, type Spec } from "./schema.js";
import type { ListIdentity, SendLimits } from "../model.js";
import { domainOf } from "../text/index.js";

const isDomainLike = (value: string): boolean => /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/.test(value);
const isAddress = (value: string): boolean => /^[^\s<>@,;"]+@[^\s<>@,;"]+\.[^\s<>@,;"]+$/.test(value);
const isSmtpUrl = (value: string): boolean => /^smtps?:\/\/[^\s]+$/i.test(value);

/** Parses "10", "10/s", "600/m" or "3600/h" into messages per second. */
export function parseRate(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/i.exec(text);
  if (!match) return null;
  const count = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase()[0];
  const perSecond = unit === "h" ? count / 3600 : unit === "m" ? count / 60 : count;
  return perSecond > 0 ? perSecond : null;
}

/** A list name is a file name in the state folder and a word on the command line. */
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

function listsSpec(): Spec<Record<string, string>> {
  const spec: Spec<Record<string, string>> = {
    expected: 'an object of list names and files, such as { "uk": "lists/uk.csv" }',
    fallback: () => ({}),
    parse(value: unknown, path: string, issues: Issue[]): Record<string, string> {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        issues.push({ path, message: `expected ${spec.expected}` });
        return {};
      }
      const lists: Record<string, string> = {};
      for (const [name, file] of Object.entries(value as Record<string, unknown>)) {
        if (!LIST_NAME.test(name)) issues.push({ path: `${path}.${name}`, message: "a list name is letters, digits, dots, dashes and underscores" });
        else if (typeof file !== "string" || file.trim() === "") issues.push({ path: `${path}.${name}`, message: "expected the path of a subscriber file" });
        else lists[name] = file.trim();
      }
      return lists;
    },
  };
  return spec;
}

export const sendSection = object({
  /**
   * smtp:// or smtps:// url. --smtp and the SMTP_URL environment variable win over it;
   * keep the password out of this file (SMTP_PASSWORD fills it in).
   */
  smtp: nullable(string({ default: "", expected: "an smtp:// or smtps:// url", check: isSmtpUrl }), { default: null }),
  /** Permit plain SMTP (no STARTTLS) to a host that is not this machine. */
  allowInsecure: boolean({ default: false }),
  /** RFC 2919 List-Id; "<slug>.<domain of from>" when null. */
  listId: nullable(string({ default: "", expected: 'a domain-like name such as "morning.example.com"', check: isDomainLike }), {
    default: null,
  }),
  /** Mailbox for unsubscribe-by-email (List-Unsubscribe mailto:); "unsubscribe@<domain of from>" when null. */
  unsubscribeMailto: nullable(string({ default: "", expected: "an email address", check: isAddress }), { default: null }),
  /** Messages in flight at once (and SMTP connections). */
  concurrency: integer({ default: 5, min: 1, max: 100 }),
  /** Most messages per second, minute or hour ("10/s", "600/m"); unlimited when null. */
  rate: nullable(string({ default: "", expected: 'a rate such as "10/s" or "600/m"', check: (v) => parseRate(v) !== null }), {
    default: null,
  }),
  /** Extra attempts for a message after a temporary failure (4xx, dropped connection). */
  retries: integer({ default: 5, min: 0, max: 20 }),
  /** First retry delay; doubles on each further attempt up to maxRetryDelayMs. */
  retryDelayMs: integer({ default: 2_000, min: 0, max: 600_000 }),
  maxRetryDelayMs: integer({ default: 60_000, min: 0, max: 3_600_000 }),
  /** Failures in a row that pause the run (it resumes when run again). */
  maxConsecutiveFailures: integer({ default: 20, min: 1, max: 100_000 }),
  /** Connection and socket timeout. */
  timeoutMs: integer({ default: 60_000, min: 1_000, max: 600_000 }),
  /**
   * Where the send ledger and each list's edition history live. Relative to the config
   * file's folder (see loadConfig), so a run from another directory finds the same state.
   */
  stateDir: string({ default: ".send-state" }),
  /**
   * Subscriber lists by name: { "uk": "lists/uk.csv" }. `--list uk` picks one, and the
   * name is what reports and the edition history call the list. Paths are relative to
   * the config file's folder.
   */
  lists: listsSpec(),
  /** DKIM signing; the NEWS_DIGEST_DKIM_* environment variables win over these. */
  dkim: object({
    domainName: nullable(string({ default: "" }), { default: null }),
    keySelector: nullable(string({ default: "" }), { default: null }),
    /** PEM file, relative to the config file's folder. */
    privateKeyFile: nullable(string({ default: "" }), { default: null }),
  }),
});

export type SendSection = Infer<typeof sendSection>;

/** The parts of the whole config that the list identity is built from. */
export interface IdentitySource {
  title: string;
  slug: string;
  from: string;
  replyTo: string | null;
  send: Pick<SendSection, "listId" | "unsubscribeMailto">;
}

/** From, List-Id and unsubscribe mailbox for every message of this newsletter. */
export function listIdentityFrom(config: IdentitySource): ListIdentity {
  const domain = domainOf(config.from) || "localhost";
  const identity: ListIdentity = {
    from: config.from,
    listId: config.send.listId ?? `${config.slug}.${domain}`,
    listName: config.title,
    unsubscribeMailto: config.send.unsubscribeMailto ?? `unsubscribe@${domain}`,
    messageIdDomain: domain,
  };
  if (config.replyTo) identity.replyTo = config.replyTo;
  return identity;
}

/** Run limits from the section, with command-line overrides applied by the caller. */
export function sendLimitsFrom(section: SendSection): SendLimits {
  const limits: SendLimits = {
    concurrency: section.concurrency,
    retries: section.retries,
    retryBaseMs: section.retryDelayMs,
    retryMaxMs: Math.max(section.maxRetryDelayMs, section.retryDelayMs),
    maxConsecutiveFailures: section.maxConsecutiveFailures,
  };
  const rate = section.rate === null ? null : parseRate(section.rate);
  if (rate !== null) limits.ratePerSecond = rate;
  return limits;
}

/** The parts of the whole config a reader sees as the newsletter's own: sender and links. */
export interface OwnAddresses {
  from: string;
  replyTo: string | null;
  links: { site: string; unsubscribeBase: string; viewInBrowserBase: string };
  send: Pick<SendSection, "unsubscribeMailto">;
}

/**
 * The config keys whose value is still on a placeholder domain, with that value: the
 * defaults ("digest@example.com", "https://example.com/unsubscribe") and the names that
 * documentation and tests use. Readers of a real send would get a sender they cannot
 * answer and links that lead nowhere, unsubscribe included.
 */
export function placeholderSettings(config: OwnAddresses): { key: string; value: string }[] {
  const candidates: [string, string | null, string][] = [
    ["from", config.from, domainOf(config.from)],
    ["replyTo", config.replyTo, config.replyTo ? domainOf(config.replyTo) : ""],
    ["send.unsubscribeMailto", config.send.unsubscribeMailto, config.send.unsubscribeMailto ? domainOf(config.send.unsubscribeMailto) : ""],
    ...(["site", "unsubscribeBase", "viewInBrowserBase"] as const).map((key): [string, string, string] => [`links.${key}`, config.links[key], hostOf(config.links[key])]),
  ];
  return candidates.flatMap(([key, value, domain]) => (value !== null && isPlaceholderDomain(domain) ? [{ key, value }] : []));
}

/**
 * RFC 2606 and RFC 6761 names that can never be a real newsletter's: example.com, .net
 * and .org with their subdomains, and the .example, .test and .invalid top-level
 * domains. "localhost" is not among them: nobody ships it as a default, so it is there on
 * purpose (a local mail catcher and web server), and the SMTP settings treat loopback as
 * a legitimate local setup too.
 */
export function isPlaceholderDomain(domain: string): boolean {
  const name = domain.toLowerCase().replace(/\.$/, "");
  return /(?:^|\.)example\.(?:com|net|org)$/.test(name) || /(?:^|\.)(?:example|test|invalid)$/.test(name);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
