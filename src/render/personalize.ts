/**
 * One reader's copy of a compiled edition: the placeholders in its HTML and text
 * replaced by the reader's data. No Handlebars, no MJML: the HTML is split at its
 * placeholders once per edition (cached), after which each copy is a join of a
 * dozen strings, a few microseconds however large the email.
 */
import type { PersonalMessage, Personalization, RenderedEdition } from "../model.js";
import { PLACEHOLDER_PATTERN, RECIPIENT_KEYS } from "./placeholders.js";

/** A text cut at its placeholders: parts[0] key[0] parts[1] key[1] ... parts[n]. */
export interface SplitText {
  parts: string[];
  keys: string[];
}

export interface SplitEdition {
  /** The strings the split was made from: an edition whose html or text changed is split again. */
  from: { html: string; text: string };
  html: SplitText;
  text: SplitText;
}

const splits = new WeakMap<RenderedEdition, SplitEdition>();

function split(text: string): SplitText {
  const parts: string[] = [];
  const keys: string[] = [];
  let from = 0;
  PLACEHOLDER_PATTERN.lastIndex = 0;
  for (let match = PLACEHOLDER_PATTERN.exec(text); match !== null; match = PLACEHOLDER_PATTERN.exec(text)) {
    parts.push(text.slice(from, match.index));
    keys.push(match[1]!);
    from = match.index + match[0].length;
  }
  parts.push(text.slice(from));
  return { parts, keys };
}

/** The edition's HTML and text cut at their placeholders, once per edition. */
export function splitEdition(edition: RenderedEdition): SplitEdition {
  let cached = splits.get(edition);
  if (!cached || cached.from.html !== edition.html || cached.from.text !== edition.text) {
    cached = { from: { html: edition.html, text: edition.text }, html: split(edition.html), text: split(edition.text) };
    splits.set(edition, cached);
  }
  return cached;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!) : value;
}

/** Only links a reader can safely follow go into the email. */
function checkUrl(name: string, value: string): string {
  if (!/^(?:https?:\/\/|mailto:)[^\s]+$/i.test(value)) {
    throw new Error(`personalize: ${name} must be an http(s) or mailto: url, got ${JSON.stringify(value.slice(0, 80))}`);
  }
  return value;
}

/** Header-like values must stay on one line. */
function oneLine(value: string): string {
  return /[\r\n]/.test(value) ? value.replace(/[\r\n]+/g, " ") : value;
}

/** The reader's raw (unescaped) value for each placeholder key; throws on a link that is not http(s) or mailto:. */
export function valuesFor(p: Personalization): (key: string) => string {
  const unsubscribe = checkUrl("unsubscribeUrl", p.unsubscribeUrl);
  const viewInBrowser = checkUrl("viewInBrowserUrl", p.viewInBrowserUrl);
  const fields = p.recipient.fields ?? {};
  return (key) => {
    switch (key) {
      case RECIPIENT_KEYS.email:
        return oneLine(p.recipient.email);
      case RECIPIENT_KEYS.name:
        return oneLine(p.recipient.name ?? "");
      case RECIPIENT_KEYS.unsubscribeUrl:
        return unsubscribe;
      case RECIPIENT_KEYS.viewInBrowserUrl:
        return viewInBrowser;
      default:
        return key.startsWith("field:") ? oneLine(fields[key.slice(6)] ?? "") : "";
    }
  };
}

function join(text: SplitText, value: (key: string) => string, escape: boolean): string {
  const { parts, keys } = text;
  let out = parts[0]!;
  for (let i = 0; i < keys.length; i++) {
    const raw = value(keys[i]!);
    out += (escape ? escapeHtml(raw) : raw) + parts[i + 1]!;
  }
  return out;
}

/** The reader's copy: same subject, HTML and text with their data in place. */
export function personalize(edition: RenderedEdition, p: Personalization): PersonalMessage {
  return fill(edition, valuesFor(p));
}

/**
 * The public copy of an edition rendered with `webCopy` (see renderEdition): no reader
 * at all. Address, name and extra columns are empty; a view-in-browser link points at
 * the copy itself, and an unsubscribe link (a custom template may still print one) at
 * the unsubscribe page without a token, which tells a reader where their own link is.
 */
export function personalizeWebCopy(edition: RenderedEdition, links: { webCopyUrl: string; manageUrl: string }): PersonalMessage {
  const webCopyUrl = checkUrl("webCopyUrl", links.webCopyUrl);
  const manageUrl = checkUrl("manageUrl", links.manageUrl);
  return fill(edition, (key) => {
    if (key === RECIPIENT_KEYS.viewInBrowserUrl) return webCopyUrl;
    if (key === RECIPIENT_KEYS.unsubscribeUrl) return manageUrl;
    return "";
  });
}

function fill(edition: RenderedEdition, value: (key: string) => string): PersonalMessage {
  const { html, text } = splitEdition(edition);
  return { subject: edition.subject, html: join(html, value, true), text: join(text, value, false) };
}
