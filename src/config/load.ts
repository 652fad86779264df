/**
 * The one config file (news-digest.config.json by default). Every key has a default,
 * so the tool works with no file at all; a key the schema does not know, or a value
 * of the wrong kind, is an error naming the file, the line and the key.
 *
 * Adding a section: declare its spec (here or in its own module, built with the
 * helpers of ../schema.ts) and name it in `configSchema` below. Its type, its
 * defaults and its validation all follow from that one line.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  boolean,
  integer,
  issueLine,
  nullable,
  object,
  string,
  type Infer,
  type Issue,
  type Spec,
} from "./schema.js";
import { isTimeZone, readJsonText, type JsonPositions } from "../text/index.js";
import { themeRuleIssues, themeSchema, type ThemeOverrides } from "./theme.js";
import { sendSection } from "./send.js";
import { editionsSection } from "./editions.js";
import { feedsSection, sourcesSpec } from "./sources.js";

/** The file looked for in the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILE = "news-digest.config.json";

const isHttpUrl = (value: string): boolean => {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

const isLanguageTag = (value: string): boolean => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

/** "Name <a@b.example>" or "a@b.example". */
const isMailbox = (value: string): boolean => /^(?:[^<>@\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/.test(value);

const httpUrl = (fallback: string) => string({ default: fallback, expected: "an http(s) url", check: isHttpUrl });
const mailbox = (fallback: string) =>
  string({ default: fallback, expected: 'an address such as "Morning Brief <brief@example.com>"', check: isMailbox });

/** Values of the theme (templates/theme.json) to override; checked key by key. */
const themeOverrides: Spec<ThemeOverrides> = {
  expected: "an object of theme values (see templates/theme.json)",
  fallback: () => ({}),
  parse: (value, path, issues) => {
    const overrides = themeSchema.parsePartial(value, path, issues);
    for (const issue of themeRuleIssues(overrides)) issues.push({ ...issue, path: `${path}.${issue.path}` });
    return overrides;
  },
};

const links = object({
  /** The newsletter's home page, linked from the masthead and footer. */
  site: httpUrl("https://example.com/"),
  /** Per-recipient unsubscribe links start with this. */
  unsubscribeBase: httpUrl("https://example.com/unsubscribe"),
  /** Web copies of editions live under this; the edition id is appended. */
  viewInBrowserBase: httpUrl("https://example.com/editions/"),
});

const limits = object({
  /** Topic sections in one edition. */
  maxTopics: integer({ default: 6, min: 1, max: 30 }),
  /** Stories shown under one topic (the most important first). */
  storiesPerTopic: integer({ default: 3, min: 1, max: 20 }),
  /** "What we know so far" points per live blog. */
  keyPoints: integer({ default: 7, min: 1, max: 12 }),
});

const utm = object({
  /** Add utm_* parameters to story links (links that already carry utm_ are left alone). */
  enabled: boolean({ default: true }),
  /** utm_source; the newsletter slug when null. */
  source: nullable(string({ default: "news-digest" }), { default: null }),
  medium: string({ default: "email" }),
  /** utm_campaign; the edition id when null. */
  campaign: nullable(string({ default: "" }), { default: null }),
});

const preview = object({
  /** Who the sample message.eml written by `build` is addressed to. */
  recipient: object({
    email: string({
      default: "reader@example.com",
      expected: "an email address",
      check: (v) => /^[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+$/.test(v),
    }),
    name: string({ default: "Sample Reader", allowEmpty: true }),
  }),
});

export const configSchema = object({
  /** The newsletter's name: masthead, subject, footer. */
  title: string({ default: "News Digest" }),
  /** Short machine name: part of every edition id ("2024-06-20-news-digest"). */
  slug: string({
    default: "news-digest",
    expected: 'lower-case letters, digits and dashes, such as "morning-brief"',
    check: (v) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v),
  }),
  from: mailbox("News Digest <digest@example.com>"),
  replyTo: nullable(mailbox("digest@example.com"), { default: null }),
  /** IANA zone the edition is dated in ("Europe/London"). */
  timeZone: string({ default: "UTC", expected: 'an IANA time zone such as "Europe/London"', check: isTimeZone }),
  /** BCP 47 language of the edition, for <html lang> ("en", "en-GB"). */
  language: string({ default: "en", expected: 'a language tag such as "en" or "en-GB"', check: isLanguageTag }),
  /** Footer line telling readers why they get this email; a sentence built from the title when null. */
  reason: nullable(string({ default: "" }), { default: null }),
  links,
  limits,
  utm,
  theme: themeOverrides,
  preview,
  /** SMTP delivery: server, limits, retries, send-log folder (see deliver/send/config-section.ts). */
  send: sendSection,
  /** Folders, files and feed URLs to read stories from (see ingest/sources-config.ts). */
  sources: sourcesSpec,
  /** Feed fetching limits: timeout, size cap, retries. */
  feeds: feedsSection,
  /** Edition windows: how far back the first edition of a list reaches. */
  editions: editionsSection,
});

export type Config = Infer<typeof configSchema>;

/** A config file with problems. `issues` holds one line per problem, each naming file, line and key. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join("\n"));
    this.name = "ConfigError";
  }
}

/** Every default, as if there were no config file. */
export function defaultConfig(): Config {
  return configSchema.fallback();
}

/** Formats one schema issue as "file:line: "key" message". */
export function formatIssue(file: string, positions: JsonPositions, issue: Issue): string {
  const line = issueLine(positions, issue.path);
  const where = line === undefined ? file : `${file}:${line}`;
  return issue.path === "" ? `${where}: ${issue.message}` : `${where}: "${issue.path}": ${issue.message}`;
}

/** Checks a config file's text; throws ConfigError listing every problem. Pure. */
export function parseConfig(text: string, file: string): Config {
  const json = readJsonText(text);
  if (!json.ok) {
    const { line, column, reason } = json.error;
    throw new ConfigError([`${file}:${line}:${column}: not valid JSON (${reason})`]);
  }
  const issues: Issue[] = [];
  const config = configSchema.parse(json.value, "", issues);
  if (issues.length > 0) throw new ConfigError(issues.map((issue) => formatIssue(file, json.positions, issue)));
  return config;
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when none was given and none was found (defaults apply). */
  file: string | null;
}

/**
 * Reads `file` when given (it must exist), else DEFAULT_CONFIG_FILE in `cwd` when
 * present, else returns the defaults. The paths of the send section (stateDir, the DKIM
 * key file, the named lists) come back absolute, resolved against the config file's
 * folder (against `cwd` without a file): where the send state lives must not depend on
 * the directory a run starts in, or a run from elsewhere would resend to everyone.
 */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const path = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (file === undefined && code === "ENOENT") return { config: withAbsolutePaths(defaultConfig(), cwd), file: null };
    throw new ConfigError([`${path}: cannot read the config file (${code ?? String(error)})`]);
  }
  return { config: withAbsolutePaths(parseConfig(text, path), dirname(resolve(cwd, path))), file: path };
}

/** The send section's paths resolved against `baseDir`. */
export function withAbsolutePaths(config: Config, baseDir: string): Config {
  const { send } = config;
  const lists = Object.fromEntries(Object.entries(send.lists).map(([name, file]) => [name, resolve(baseDir, file)]));
  const privateKeyFile = send.dkim.privateKeyFile === null ? null : resolve(baseDir, send.dkim.privateKeyFile);
  return { ...config, send: { ...send, stateDir: resolve(baseDir, send.stateDir), lists, dkim: { ...send.dkim, privateKeyFile } } };
}
