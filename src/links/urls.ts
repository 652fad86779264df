/**
 * Links in the email: only http(s) urls survive (no javascript:, data:, relative or
 * empty ones, so a template can never print href=""), and they may carry UTM
 * parameters so the site can tell which edition a reader came from.
 */

/** `value` normalised when it is an absolute http(s) url without credentials, else null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.password !== "") return null;
  if (url.hostname === "") return null;
  // The WHATWG serialiser percent-encodes quotes, angle brackets and spaces, so the
  // result is safe inside a double-quoted attribute.
  return url.href;
}

export interface UtmParameters {
  source: string;
  medium: string;
  campaign: string;
}

/**
 * `url` with utm_source, utm_medium and utm_campaign added after its own query and
 * before its fragment. A url that already has any utm_ parameter is returned as is:
 * whoever set it knew better.
 */
export function tagUtm(url: string, utm: UtmParameters): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  for (const key of parsed.searchParams.keys()) if (key.toLowerCase().startsWith("utm_")) return url;
  const added = new URLSearchParams({ utm_source: utm.source, utm_medium: utm.medium, utm_campaign: utm.campaign });
  const hashAt = url.indexOf("#");
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : url.slice(hashAt);
  const separator = !beforeHash.includes("?") ? "?" : beforeHash.endsWith("?") || beforeHash.endsWith("&") ? "" : "&";
  return `${beforeHash}${separator}${added.toString()}${hash}`;
}

/** The web copy of an edition: the view-in-browser base plus the edition id. */
export function editionWebUrl(base: string, editionId: string): string {
  return `${base}${base.endsWith("/") ? "" : "/"}${encodeURIComponent(editionId)}`;
}

/** `url` with one more query parameter, its existing query and fragment kept. */
export function withQueryParameter(url: string, name: string, value: string): string {
  const hashAt = url.indexOf("#");
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : url.slice(hashAt);
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  return `${beforeHash}${beforeHash.includes("?") ? "&" : "?"}${pair}${hash}`;
}
