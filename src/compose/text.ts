/**
 * Text hygiene for anything that ends up in the email. Story text is untrusted:
 * it is cleaned of characters that have a job inside the renderer (control
 * characters, which mark template lines, and the private-use characters that
 * delimit per-recipient placeholders), so no story can forge either.
 */

// C0/C1 controls except tab and newline, plus the whole Unicode private-use area.
const RESERVED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ue000-\uf8ff]/g;

/** `text` on one line: without reserved characters, every run of white space one space. */
export function cleanText(text: string): string {
  return text.replace(RESERVED, "").replace(/\s+/g, " ").trim();
}

/** Whether `text` holds a character that only the renderer may produce. */
export function hasReservedCharacters(text: string): boolean {
  RESERVED.lastIndex = 0;
  const found = RESERVED.test(text);
  RESERVED.lastIndex = 0;
  return found;
}

/** Removes reserved characters only (keeps spacing), for values already laid out. */
export function stripReserved(text: string): string {
  return text.replace(RESERVED, "");
}

/** Number of words (runs of non-space). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w !== "").length;
}

/**
 * At most `max` words; when cut, trailing punctuation is dropped and "…" added.
 * Never cuts inside a word.
 */
export function truncateWords(text: string, max: number): string {
  const words = text.split(/\s+/).filter((w) => w !== "");
  if (words.length <= max) return words.join(" ");
  return words.slice(0, Math.max(0, max)).join(" ").replace(/[\s,;:.!?–—-]+$/u, "") + "…";
}

/** At most `max` characters, cut at a word boundary with "…" when cut. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never end on half of a surrogate pair (an emoji cut in two shows as "�").
  const cut = text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 2)) ? max - 2 : max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.!?–—-]+$/u, "") + "…";
}

/** Lower-case words joined by dashes, for ids and anchors ("Putin · North Korea" -> "putin-north-korea"). */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
