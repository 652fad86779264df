import type { IngestResult } from "../model.js";

export interface IngestOptions {
  /** Files larger than this are reported and skipped. */
  maxFileBytes?: number;
}

// PLACEHOLDER (issue 2 replaces it): reads nothing.
export async function ingestPaths(_paths: string[], _options: IngestOptions = {}): Promise<IngestResult> {
  return { stories: [], errors: [] };
}
