/**
 * Ingest: files, folders and feeds in, `Story[]` out. Each reader turns one format
 * into stories; the loader walks folders and picks a reader by sniffing; sources
 * mixes paths and feed URLs. This file is the stage's whole face.
 */
export { DEFAULT_MAX_FILE_BYTES, ingestFile, ingestPaths, readStoryText, type IngestOptions } from "./files.js";
export { loadSources, type SourcesOptions, type SourcesResult } from "./sources.js";
export { feedFetchOptions, type FeedFetchOptions } from "./fetch/index.js";
export { readFeed } from "./feed/index.js";
export { readJson } from "./json.js";
export { readMarkdown } from "./markdown/index.js";
export type { ReadOutcome, Reader } from "./reader.js";
export { type FeedFetchOutcome, fetchFeed, fetchFeeds } from "./fetch/index.js";
export { readJsonFeed } from "./json-feed.js";
