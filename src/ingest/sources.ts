/**
 * `sources` from the config: folders, files and feed URLs, read into one
 * IngestResult. Paths go to the file readers, http(s) URLs to the fetcher; a
 * source that fails is an error and the others still load. The fetcher is loaded
 * only when there is a feed to fetch: a build from files never pays for it.
 */
import { isAbsolute, join } from "node:path";
import type { IngestResult, InputError, Story } from "../model.js";
import type { FeedFetchOutcome } from "./fetch/index.js";
import type { FeedFetchOptions } from "./fetch/index.js";
import { ingestPaths, type IngestOptions } from "./files.js";

export interface SourcesOptions {
  /** Feed fetching (the state folder holds its cache). */
  fetch: FeedFetchOptions;
  /** File reading. */
  ingest?: IngestOptions;
  /** Relative paths are read from here; the process's working directory by default. */
  baseDir?: string;
}

export interface SourcesResult extends IngestResult {
  /** Per feed URL: fetched afresh, served from the cache (304) or failed. */
  feeds: Pick<FeedFetchOutcome, "url" | "status" | "attempts">[];
}

import { classifySource } from "../config/index.js";
export { classifySource, type SourceKind } from "../config/index.js";

export async function loadSources(sources: readonly string[], options: SourcesOptions): Promise<SourcesResult> {
  const kinds = sources.map(classifySource);
  const urls = kinds.flatMap((k) => (k.kind === "feed" ? [k.url] : []));
  const paths = kinds.flatMap((k) => (k.kind === "path" ? [resolvePath(k.path, options.baseDir)] : []));
  const invalid: InputError[] = kinds.flatMap((k, i) => (k.kind === "invalid" ? [{ file: sources[i] ?? "", message: k.message }] : []));

  // Files and feeds load at the same time: the network wait overlaps the disk work.
  const [files, feeds] = await Promise.all([
    paths.length > 0 ? ingestPaths(paths, options.ingest) : Promise.resolve<IngestResult>({ stories: [], errors: [] }),
    urls.length > 0 ? import("./fetch/index.js").then(({ fetchFeeds }) => fetchFeeds(urls, options.fetch)) : Promise.resolve<FeedFetchOutcome[]>([]),
  ]);

  const stories = uniqueById([...files.stories, ...feeds.flatMap((f) => f.stories)]);
  const errors = [...invalid, ...files.errors, ...feeds.flatMap((f) => f.errors)];
  return { stories, errors, feeds: feeds.map(({ url, status, attempts }) => ({ url, status, attempts })) };
}

function resolvePath(path: string, baseDir: string | undefined): string {
  return baseDir === undefined || isAbsolute(path) ? path : join(baseDir, path);
}

/**
 * The same story reached twice (a file and a feed, or two feeds) is kept once:
 * edition records and windows count stories by id. The freshest copy wins.
 */
function uniqueById(stories: Story[]): Story[] {
  const byId = new Map<string, Story>();
  for (const story of stories) {
    const kept = byId.get(story.id);
    if (!kept || freshness(story) > freshness(kept)) byId.set(story.id, story);
  }
  return [...byId.values()];
}

function freshness(story: Story): number {
  const time = Date.parse(story.updatedAt ?? story.publishedAt ?? "");
  return Number.isNaN(time) ? -Infinity : time;
}
