/**
 * Story links and image addresses end up as clickable links in an email, so
 * only http(s) is let through: `javascript:`, `data:`, `file:` and the like
 * are dropped. Relative links are resolved against `base` when the source has
 * one (a feed's home page), and dropped otherwise.
 */
export function httpUrl(value: unknown, base?: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
}

/** Display name of a site from its address ("www.bbc.co.uk" -> "bbc.co.uk"), for sources that do not name themselves. */
export function siteName(url: string): string {
  return new URL(url).hostname.replace(/^www\./, "");
}
