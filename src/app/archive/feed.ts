/**
 * The archive as an Atom feed (RFC 4287): feed id, title, updated, author, links to
 * itself and to the archive, and one entry per edition (id, title, updated, a link to
 * its web copy, its summary). Every value is escaped: subjects come from story text.
 */
import { escapeMarkup } from "../../text/index.js";
import { archiveIndexUrl, feedUrl, webCopyUrl, type ArchiveSite } from "./site.js";
import type { ArchiveEntry } from "./store.js";

/** `entries` newest first; `now` dates a feed that has no entry yet (an Atom feed must say when it changed). */
export function atomFeed(entries: readonly ArchiveEntry[], site: ArchiveSite, now: Date): string {
  // ISO instants in UTC sort as text.
  const updated = entries.map((entry) => entry.sentAt).sort().at(-1) ?? now.toISOString();
  const x = escapeMarkup;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(site.language)}">`,
    `  <id>${x(archiveIndexUrl(site))}</id>`,
    `  <title>${x(site.title)}</title>`,
    `  <updated>${x(updated)}</updated>`,
    `  <author><name>${x(site.title)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feedUrl(site))}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(archiveIndexUrl(site))}"/>`,
    ...entries.map((entry) => {
      const url = webCopyUrl(site, entry.editionId);
      return [
        "  <entry>",
        `    <id>${x(url)}</id>`,
        `    <title>${x(entry.subject)}</title>`,
        `    <published>${x(entry.sentAt)}</published>`,
        `    <updated>${x(entry.sentAt)}</updated>`,
        `    <link rel="alternate" type="text/html" href="${x(url)}"/>`,
        `    <summary>${x(entry.summary)}</summary>`,
        "  </entry>",
      ].join("\n");
    }),
    "</feed>",
    "",
  ].join("\n");
}
