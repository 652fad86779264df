/**
 * Finds the images and links of an email's HTML, with their attributes decoded, for
 * the preview's checks panel. A scan of start tags, not a full parser: enough for the
 * HTML that MJML writes, and it looks inside Outlook's conditional comments too,
 * since Outlook renders what is there. Pure.
 */

interface ScannedImage {
  /** The decoded src, or null when the tag has none. */
  src: string | null;
  /** The decoded alt, or null when the attribute is missing. */
  alt: string | null;
}

interface ScannedLink {
  /** The decoded href, or null when the tag has none. */
  href: string | null;
  /** The link's visible text, tags removed and whitespace collapsed (at most 80 characters). */
  text: string;
}

const START_TAG = /<(a|img)(\s[^>]*)?>/gi;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Character references decoded, as a browser would before using the value. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function attributesOf(raw: string | undefined): Map<string, string> {
  const attributes = new Map<string, string>();
  if (!raw) return attributes;
  for (const match of raw.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    // The first occurrence wins, as in browsers.
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

function visibleText(html: string): string {
  const text = decodeEntities(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function scanImagesAndLinks(html: string): { images: ScannedImage[]; links: ScannedLink[] } {
  const images: ScannedImage[] = [];
  const links: ScannedLink[] = [];
  for (const match of html.matchAll(START_TAG)) {
    const attributes = attributesOf(match[2]);
    if (match[1]!.toLowerCase() === "img") {
      images.push({ src: attributes.get("src") ?? null, alt: attributes.get("alt") ?? null });
      continue;
    }
    const after = match.index + match[0].length;
    const close = html.slice(after).search(/<\/a\s*>/i);
    const inner = close === -1 ? "" : html.slice(after, after + close);
    links.push({ href: attributes.get("href") ?? null, text: visibleText(inner) });
  }
  return { images, links };
}
