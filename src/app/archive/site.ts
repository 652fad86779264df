/**
 * Where the archive lives on the web: under links.viewInBrowserBase, the same url every
 * email's "View in browser" link starts with. Serve answers there; the static export is
 * meant to be hosted there.
 */
import type { Config } from "../../config/index.js";
import { editionWebUrl } from "../../links/index.js";

export interface ArchiveSite {
  /** The newsletter's name. */
  title: string;
  /** BCP 47 language of the pages. */
  language: string;
  /** links.viewInBrowserBase: the archive index, and the prefix of every web copy. */
  baseUrl: string;
}

export function archiveSiteFrom(config: Pick<Config, "title" | "language" | "links">): ArchiveSite {
  return { title: config.title, language: config.language, baseUrl: config.links.viewInBrowserBase };
}

/** The archive index: the base with a trailing slash, so relative resolution works under it. */
export function archiveIndexUrl(site: ArchiveSite): string {
  return site.baseUrl.endsWith("/") ? site.baseUrl : `${site.baseUrl}/`;
}

export function webCopyUrl(site: ArchiveSite, editionId: string): string {
  return editionWebUrl(site.baseUrl, editionId);
}

export function feedUrl(site: ArchiveSite): string {
  return editionWebUrl(site.baseUrl, "feed.xml");
}

/**
 * A page's link to another page of the archive: its path alone, so that the links work
 * on the public site and on serve's own address (before the proxy) alike.
 */
export function sitePath(url: string): string {
  return new URL(url).pathname;
}
