import { readFeed } from "../feed/index.js";
import { readJsonFeed } from "../json-feed.js";
import type { ReadOutcome } from "../reader.js";

/** Turns a fetched body into stories; `file` is the (display) URL, used in origins and errors. */
export type FeedParser = (text: string, file: string, contentType: string | null) => ReadOutcome;

/**
 * Picks the reader by what the server says and what the body looks like: a
 * JSON body (or a JSON content type) is a JSON Feed, anything else goes to the
 * RSS/Atom reader, which reports a body that is not XML.
 */
export const parseFeedDocument: FeedParser = (text, file, contentType) => {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  const jsonType = contentType !== null && /\bjson\b/i.test(contentType);
  const reader = start.startsWith("{") || (jsonType && !start.startsWith("<")) ? readJsonFeed : readFeed;
  try {
    return reader(text, file);
  } catch (error) {
    // Readers report bad input themselves; this is for a bug in one, so that one feed cannot stop the run.
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { stories: [], errors: [{ file, message: `could not be read (internal error: ${reason}); please report it with this feed` }] };
  }
};
