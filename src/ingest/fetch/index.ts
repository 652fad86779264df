/**
 * Feeds over HTTP(S): conditional requests against a small cache in the state
 * folder, limits on time and size, retries on transient failures. A feed that
 * fails is one InputError naming its URL; it never sinks the other sources.
 */
import { displaySource } from "../../config/index.js";
import type { InputError, IngestResult } from "../../model.js";
import { decodeFeedBody } from "./decode.js";
import { FeedCache } from "./feed-cache.js";
import { HttpGetError, httpGet } from "./http-get.js";
import { FEED_FETCH_DEFAULTS, type FeedFetchOptions } from "./options.js";
import { parseFeedDocument } from "./parse-feed.js";

export { FeedCache, type FeedCacheEntry } from "./feed-cache.js";
export { HttpGetError, httpGet, type HttpGetOptions, type HttpGetResponse } from "./http-get.js";
export { parseFeedDocument, type FeedParser } from "./parse-feed.js";
export { FEED_FETCH_DEFAULTS, type FeedFetchOptions } from "./options.js";

export interface FeedFetchOutcome extends IngestResult {
  /** The URL as shown to the user (any password redacted). */
  url: string;
  /** fetched: a new body was read; not-modified: 304, the cached stories were served; failed: see errors. */
  status: "fetched" | "not-modified" | "failed";
  /** HTTP requests made, retries included (0 when the URL was refused before any request). */
  attempts: number;
}

/** Fetches one feed. Never throws for a bad feed or a bad network: problems come back as errors. */
export async function fetchFeed(url: string, options: FeedFetchOptions): Promise<FeedFetchOutcome> {
  const shown = displaySource(url);
  const cache = new FeedCache(options.stateDir);
  const cached = await cache.get(url);
  const headers: Record<string, string> = {};
  if (cached?.etag) headers["if-none-match"] = cached.etag;
  if (cached?.lastModified) headers["if-modified-since"] = cached.lastModified;

  let response;
  try {
    response = await httpGet(url, {
      headers,
      timeoutMs: options.timeoutMs ?? FEED_FETCH_DEFAULTS.timeoutMs,
      maxBytes: options.maxBytes ?? FEED_FETCH_DEFAULTS.maxBytes,
      retries: options.retries ?? FEED_FETCH_DEFAULTS.retries,
      backoffMs: options.backoffMs ?? FEED_FETCH_DEFAULTS.backoffMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  } catch (error) {
    const message = (error instanceof HttpGetError ? error.message : errorMessage(error)).replaceAll(url, shown);
    return failed(shown, `could not fetch the feed: ${message}`, error instanceof HttpGetError ? error.attempts : 1);
  }

  if (response.status === 304) {
    // Nothing changed since the cached body: serve what we read from it then.
    if (cached) return { url: shown, status: "not-modified", attempts: response.attempts, stories: cached.stories, errors: cached.errors };
    return failed(shown, "feed answered 304 Not Modified to a request without validators: expected the feed", response.attempts);
  }
  if (response.body === null || response.body.byteLength === 0) {
    await cache.delete(url);
    return failed(shown, `feed answered HTTP ${response.status} with an empty body: expected RSS, Atom or JSON Feed`, response.attempts);
  }

  const contentType = response.headers.get("content-type");
  const outcome = (options.parse ?? parseFeedDocument)(decodeFeedBody(response.body, contentType), shown, contentType);
  const result: FeedFetchOutcome = { url: shown, status: "fetched", attempts: response.attempts, ...outcome };
  if (outcome.stories.length === 0) {
    // A broken body is not worth remembering: the next run fetches afresh.
    await cache.delete(url);
    return { ...result, status: outcome.errors.length > 0 ? "failed" : "fetched" };
  }

  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  try {
    if (etag || lastModified) {
      await cache.put({
        url,
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
        fetchedAt: (options.now?.() ?? new Date()).toISOString(),
        stories: outcome.stories,
        errors: outcome.errors,
      });
    } else {
      await cache.delete(url);
    }
  } catch (error) {
    result.errors = [...result.errors, { file: shown, message: `could not write the feed cache in ${cache.dir}: ${errorMessage(error)}` }];
  }
  return result;
}

/** Fetches several feeds, a few at a time; outcomes come back in the order of `urls`. */
export async function fetchFeeds(urls: string[], options: FeedFetchOptions): Promise<FeedFetchOutcome[]> {
  const outcomes: FeedFetchOutcome[] = new Array(urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const index = next++;
      outcomes[index] = await fetchFeed(urls[index]!, options);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? FEED_FETCH_DEFAULTS.concurrency, urls.length));
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}

function failed(url: string, message: string, attempts: number): FeedFetchOutcome {
  const error: InputError = { file: url, message };
  return { url, status: "failed", attempts, stories: [], errors: [error] };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
export { feedFetchOptions } from "./options.js";
