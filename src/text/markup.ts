/**
 * Untrusted text (story headlines, subjects, addresses) into HTML or XML: one escape
 * that is safe both in element text and inside a quoted attribute, for either language.
 */
const MARKUP_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => MARKUP_ESCAPES[ch]!);
}
