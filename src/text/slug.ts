/** Lower-case ASCII words joined by dashes, for ids and anchors. */

/**
 * "Putin · North Korea" -> "putin-north-korea". Accents are folded; at most
 * `maxLength` characters, never ending on a dash; "" when nothing is left.
 */
export function slugify(text: string, maxLength = Infinity): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
}
