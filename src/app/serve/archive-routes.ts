/**
 * The web archive under links.viewInBrowserBase: the index at "<path>/", each web copy at
 * "<path>/<edition-id>", the Atom feed at "<path>/feed.xml". Read from the archive store
 * on every request: an edition recorded by a send shows at once, with nothing to reload.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { archiveIndexHtml, atomFeed, listArchive, readWebCopy, type ArchiveSite } from "../archive/index.js";
import { answer, answerText } from "./http.js";

export interface ArchiveEndpoint {
  stateDir: string;
  site: ArchiveSite;
  clock: () => Date;
}

// A web copy is an email: inline styles and remote images, never a script, a form or a frame.
const COPY_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; font-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Public pages: a proxy or browser may keep them a few minutes. */
const PUBLIC_CACHE = "public, max-age=300";

/** `rest` is the path after the archive's own: "" for the index, "feed.xml", or an edition id. */
export async function handleArchive(req: IncomingMessage, res: ServerResponse, rest: string, endpoint: ArchiveEndpoint): Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    answer(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { Allow: "GET, HEAD" });
    return true;
  }
  if (rest === "") {
    const html = archiveIndexHtml(await listArchive(endpoint.stateDir), endpoint.site);
    answer(res, 200, "text/html; charset=utf-8", html, { "Content-Security-Policy": INDEX_CSP, "Cache-Control": PUBLIC_CACHE });
    return true;
  }
  if (rest === "feed.xml") {
    const feed = atomFeed(await listArchive(endpoint.stateDir), endpoint.site, endpoint.clock());
    answer(res, 200, "application/atom+xml; charset=utf-8", feed, { "Cache-Control": PUBLIC_CACHE });
    return true;
  }
  const copy = await readWebCopy(endpoint.stateDir, safeDecode(rest));
  if (!copy) return false;
  answer(res, 200, "text/html; charset=utf-8", copy.html, { "Content-Security-Policy": COPY_CSP, "Cache-Control": PUBLIC_CACHE });
  return true;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not an edition id either way: readWebCopy refuses it
  }
}
