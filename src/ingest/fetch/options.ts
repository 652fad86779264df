/**
 * The settings of feed fetching and their defaults, apart from the fetcher itself: the
 * config schema reads the defaults on every command, and only a command that has a
 * feed URL to read should load the fetcher (see ../sources.ts).
 */
import type { FeedsSection } from "../../config/index.js";
import type { FeedParser } from "./parse-feed.js";

export interface FeedFetchOptions {
  /** Folder for run-to-run state; the feed cache lives in its `feeds/` subfolder. */
  stateDir: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Default 5 MB. */
  maxBytes?: number;
  /** Attempts after the first, on connection errors, 429 and 5xx. Default 2. */
  retries?: number;
  /** First retry delay, doubled each time. Default 500 ms. */
  backoffMs?: number;
  /** Feeds fetched at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Injected clock for the cache's `fetchedAt`. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Body to stories; JSON Feed or RSS/Atom by default. */
  parse?: FeedParser;
}

export { FEED_FETCH_DEFAULTS } from "../../config/index.js";

/** The fetcher's options from the config's `feeds` section; the feed cache lives in `stateDir`. */
export function feedFetchOptions(feeds: FeedsSection, stateDir: string, signal?: AbortSignal): FeedFetchOptions {
  return {
    stateDir,
    timeoutMs: feeds.timeoutMs,
    maxBytes: feeds.maxBytes,
    retries: feeds.retries,
    backoffMs: feeds.retryDelayMs,
    concurrency: feeds.concurrency,
    ...(signal ? { signal } : {}),
  };
}
