/** The archive's index page: every edition, newest first, its title and date linking to its web copy. */
import { escapeMarkup } from "../../text/index.js";
import { feedUrl, sitePath, webCopyUrl, type ArchiveSite } from "./site.js";
import type { ArchiveEntry } from "./store.js";

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#fff;max-width:40rem;margin:0 auto;padding:24px}" +
  "h1{font-size:1.6rem;margin:0 0 4px}ol{list-style:none;padding:0}li{margin:0 0 18px}" +
  "a{color:#0b57d0}time{display:block;color:#5f6368;font-size:.9rem}p.summary{margin:2px 0 0}" +
  "@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e8e8}a{color:#8ab4f8}time{color:#a8a8a8}}";

export function archiveIndexHtml(entries: readonly ArchiveEntry[], site: ArchiveSite): string {
  const x = escapeMarkup;
  const items = entries.map(
    (entry) =>
      `<li><a href="${x(sitePath(webCopyUrl(site, entry.editionId)))}">${x(entry.subject)}</a>` +
      `<time datetime="${x(entry.date)}">${x(entry.dateLabel)}</time>` +
      (entry.summary ? `<p class="summary">${x(entry.summary)}</p>` : "") +
      "</li>",
  );
  return [
    "<!doctype html>",
    `<html lang="${x(site.language)}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${x(site.title)}: past editions</title>`,
    `<link rel="alternate" type="application/atom+xml" title="${x(site.title)}" href="${x(sitePath(feedUrl(site)))}">`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${x(site.title)}</h1>`,
    `<p>Past editions, newest first. <a href="${x(sitePath(feedUrl(site)))}">Follow the feed</a>.</p>`,
    items.length > 0 ? `<ol>\n${items.join("\n")}\n</ol>` : "<p>No edition has been sent yet.</p>",
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
