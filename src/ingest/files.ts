import type { IngestResult } from "../model.js";
import { chooseReader } from "./loader/index.js";
import { decodeStoryBytes } from "./loader/index.js";
import { readFileBytes } from "./loader/index.js";
import { listStoryFiles } from "./loader/index.js";
import { internalStoryError, type ReadOutcome } from "./reader.js";

/**
 * The ingest stage: files and folders in, stories and input errors out.
 * This module is the only part of ingest that touches the disk; every reader
 * is a pure function from text to stories.
 */

export interface IngestOptions {
  /** Files larger than this are reported and skipped without being read. Default 10 MB. */
  maxFileBytes?: number;
  /** How many files are read from disk at once. Default 16. */
  concurrency?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 16;

/**
 * Reads every story in `paths` (files, and folders walked recursively). One
 * bad file is reported in `errors` and the others still load; bad input never
 * throws. Stories come out in a stable order: the order of `paths`, then name
 * order within folders.
 */
export async function ingestPaths(paths: string[], options: IngestOptions = {}): Promise<IngestResult> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const listing = await listStoryFiles(paths);
  const outcomes = await mapLimited(listing.files, options.concurrency ?? DEFAULT_CONCURRENCY, (file) => ingestFile(file, maxBytes));
  return {
    stories: outcomes.flatMap((o) => o.stories),
    errors: [...listing.errors, ...outcomes.flatMap((o) => o.errors)],
  };
}

/** One file: read, decode, hand to its reader. */
export async function ingestFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadOutcome> {
  const read = await readFileBytes(file, maxBytes);
  if (!read.ok) return { stories: [], errors: [{ file, message: read.message }] };
  const decoded = decodeStoryBytes(read.bytes);
  if (!decoded.ok) {
    return { stories: [], errors: [decoded.line === undefined ? { file, message: decoded.message } : { file, line: decoded.line, message: decoded.message }] };
  }
  return readStoryText(decoded.text, file);
}

/**
 * Stories from text already in memory (a feed fetched over HTTP, a test),
 * with the reader chosen by the name's extension or the content. A reader
 * that fails on input it should have reported is caught here, so one file can
 * never stop the run.
 */
export function readStoryText(text: string, file: string): ReadOutcome {
  try {
    return chooseReader(file, text)(text, file);
  } catch (error) {
    return { stories: [], errors: [{ file, message: internalStoryError(error) }] };
  }
}

/** `work` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
