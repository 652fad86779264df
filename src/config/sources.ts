/**
 * The config keys for where stories come from:
 *
 *   "sources": ["stories/", "https://feeds.example.com/world.rss", "https://example.org/feed.json"],
 *   "feeds": { "timeoutMs": 10000, "maxBytes": 5242880, "retries": 2, "retryDelayMs": 500, "concurrency": 4 }
 *
 * Relative paths in `sources` are read from the config file's folder.
 */
import { dirname } from "node:path";
import { integer, object, type Infer, type Issue, type Spec } from "./schema.js";

/** Fetch defaults, here so the config loads without the fetcher. */
export const FEED_FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, retries: 2, backoffMs: 500, concurrency: 4 } as const;

export type SourceKind = { kind: "feed"; url: string } | { kind: "path"; path: string } | { kind: "invalid"; message: string };

/** A source is a feed when it is an http(s) URL, a path otherwise; other URL schemes are refused. */
export function classifySource(source: string): SourceKind {
  const trimmed = source.trim();
  if (trimmed === "") return { kind: "invalid", message: "empty source: expected a folder, a file or an http(s) feed URL" };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https") return { kind: "feed", url: trimmed };
  if (scheme !== undefined) return { kind: "invalid", message: `unsupported scheme "${scheme}:": expected a folder, a file or an http(s) feed URL` };
  return { kind: "path", path: trimmed };
}

/**
 * A source as it may be printed or stored: a feed URL's userinfo is credentials (Basic
 * authentication), so the password becomes "***", and a lone user name, which is often a
 * token, does too. Paths come back as given.
 */
export function displaySource(source: string): string {
  if (classifySource(source).kind !== "feed") return source;
  try {
    const url = new URL(source.trim());
    if (!url.username && !url.password) return source;
    if (url.password) url.password = "***";
    else url.username = "***";
    return url.href;
  } catch {
    // Not parseable, so not fetchable either; still hide whatever sits between "//" and the last "@".
    return source.replace(/(\/\/)[^/]*@/, "$1***@");
  }
}

/** Folders, files and http(s) feed URLs; empty means "what the command line names". */
export const sourcesSpec: Spec<string[]> = {
  expected: 'a list of folders, files and http(s) feed URLs, such as ["stories/", "https://example.com/feed.xml"]',
  fallback: () => [],
  parse(value: unknown, path: string, issues: Issue[]): string[] {
    if (!Array.isArray(value)) {
      issues.push({ path, message: `expected ${sourcesSpec.expected}` });
      return [];
    }
    const sources: string[] = [];
    value.forEach((item, index) => {
      const kind = typeof item === "string" ? classifySource(item) : undefined;
      if (kind === undefined || kind.kind === "invalid") {
        const why = kind?.kind === "invalid" ? kind.message : "expected a folder, a file or an http(s) feed URL (a string)";
        issues.push({ path: `${path}.${index}`, message: why });
      } else {
        sources.push((item as string).trim());
      }
    });
    return sources;
  },
};

export const feedsSection = object({
  /** Per attempt, headers and body included. */
  timeoutMs: integer({ default: FEED_FETCH_DEFAULTS.timeoutMs, min: 100, max: 300_000 }),
  /** A feed larger than this is reported, not read past the cap. */
  maxBytes: integer({ default: FEED_FETCH_DEFAULTS.maxBytes, min: 1024, max: 200 * 1024 * 1024 }),
  /** Extra attempts after a connection error, 429 or 5xx. */
  retries: integer({ default: FEED_FETCH_DEFAULTS.retries, min: 0, max: 10 }),
  /** First retry delay; doubles each time. */
  retryDelayMs: integer({ default: FEED_FETCH_DEFAULTS.backoffMs, min: 0, max: 60_000 }),
  /** Feeds fetched at once. */
  concurrency: integer({ default: FEED_FETCH_DEFAULTS.concurrency, min: 1, max: 32 }),
});

export type FeedsSection = Infer<typeof feedsSection>;


/** What a command reads stories from, and where relative paths in it are taken from. */
export interface StorySources {
  sources: string[];
  /** Set for the config's own sources: they are relative to the config file's folder. */
  baseDir?: string;
}

/**
 * The sources named on the command line (relative to the working directory) when
 * there are any, else the config's `sources` (relative to the config file's folder),
 * else undefined: the command decides (`build` reads seeds/, `send` asks).
 */
export function chooseStorySources(given: readonly string[] | undefined, config: { sources: string[] }, configFile: string | null): StorySources | undefined {
  if (given !== undefined && given.length > 0) return { sources: [...given] };
  if (config.sources.length === 0) return undefined;
  return configFile === null ? { sources: config.sources } : { sources: config.sources, baseDir: dirname(configFile) };
}
