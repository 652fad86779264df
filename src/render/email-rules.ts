/**
 * The rules an email must keep to reach readers intact, checked on the final HTML
 * so that a template edit cannot quietly break them:
 * - at most 102 KB (Gmail clips longer messages behind "View entire message");
 * - no scripts, forms, frames, event handlers or external style sheets (clients
 *   strip them, and spam filters count them);
 * - `<html lang>` set, alt text on every image, no empty or unsafe links;
 * - a color-scheme declaration, so dark-mode clients use the dark styles.
 */
import { PLACEHOLDER_OPEN } from "./placeholders.js";

/** Gmail clips messages whose HTML is larger than this many bytes. */
export const MAX_HTML_BYTES = 102 * 1024;

const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const FORBIDDEN_TAGS = new Set(["script", "form", "input", "textarea", "select", "button", "iframe", "object", "embed", "frame"]);

function attributesOf(raw: string | undefined): Map<string, string | undefined> {
  const attributes = new Map<string, string | undefined>();
  if (!raw) return attributes;
  for (const match of raw.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4]);
  }
  return attributes;
}

/** Whether an href may appear in the email. */
function isAllowedHref(value: string): boolean {
  const href = value.trim();
  if (href.startsWith(PLACEHOLDER_OPEN)) return true; // filled per recipient with a checked url
  return /^(?:https?:\/\/[^\s]+|mailto:[^\s]+|#[\w-]+)$/i.test(href);
}

/** Problems with `html`, one sentence each; empty when the email keeps every rule. */
export function emailRuleProblems(html: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(html, "utf8");
  if (bytes > MAX_HTML_BYTES) {
    problems.push(
      `the HTML is ${(bytes / 1024).toFixed(1)} KB, over the ${MAX_HTML_BYTES / 1024} KB at which Gmail clips it ` +
        `(lower limits.maxTopics or limits.storiesPerTopic in the config)`,
    );
  }
  if (/@import\b/i.test(html)) problems.push("external CSS (@import) is not allowed");
  let sawHtmlLang = false;
  let sawColorScheme = false;
  const forbidden = new Set<string>();
  let imagesWithoutAlt = 0;
  const badHrefs: string[] = [];
  for (const match of html.matchAll(TAG)) {
    const tag = match[1]!.toLowerCase();
    const attributes = attributesOf(match[2]);
    if (FORBIDDEN_TAGS.has(tag)) forbidden.add(`<${tag}>`);
    for (const name of attributes.keys()) if (/^on[a-z]+$/.test(name)) forbidden.add(`${name}= handlers`);
    if (tag === "link" && /stylesheet/i.test(attributes.get("rel") ?? "")) forbidden.add("external style sheets (<link rel=stylesheet>)");
    if (tag === "html") {
      const lang = attributes.get("lang")?.trim();
      sawHtmlLang = !!lang && lang !== "und";
    }
    if (tag === "meta" && attributes.get("name")?.toLowerCase() === "color-scheme") sawColorScheme = true;
    if (tag === "img" && !(attributes.get("alt") ?? "").trim()) imagesWithoutAlt++;
    if (attributes.has("href")) {
      const href = attributes.get("href") ?? "";
      if (!isAllowedHref(href)) badHrefs.push(href.trim() === "" ? 'href=""' : `href="${href.slice(0, 60)}"`);
    }
  }
  for (const what of forbidden) problems.push(`${what} not allowed in email`);
  if (!sawHtmlLang) problems.push("<html> needs a lang attribute (set mjml lang from edition.language)");
  if (!sawColorScheme) problems.push('no <meta name="color-scheme">: dark-mode clients will not use the dark styles');
  if (imagesWithoutAlt > 0) problems.push(`${imagesWithoutAlt} image(s) without alt text`);
  if (badHrefs.length > 0) {
    problems.push(`links must be http(s), mailto: or #anchors, never empty: ${[...new Set(badHrefs)].slice(0, 5).join(", ")}`);
  }
  return problems;
}
