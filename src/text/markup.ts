/**
 * Untrusted text (story headlines, subjects, addresses) into HTML or XML: one escape
 * that is safe both in element text and inside a quoted attribute, for either language
 * (&apos; is predefined in XML and named in HTML5; a numeric reference is left undecoded
 * by some feed readers).
 */
const MARKUP_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => MARKUP_ESCAPES[ch]!);
}
