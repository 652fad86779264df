/**
 * Per-recipient placeholders. An edition is compiled once; where a template asks
 * for a reader's own data ({{recipient.email}}, {{recipient.unsubscribeUrl}}, ...)
 * the compiled HTML and text hold a placeholder that personalize() later replaces.
 *
 * A placeholder is its key between two private-use characters (U+E000, U+E001).
 * Every string that comes from data has those characters removed before
 * rendering (see ../compose/text.ts), so only the renderer can write a
 * placeholder: a story that quotes one, or contains "{{recipient.email}}", stays
 * plain text and never receives anyone's address.
 */

export const PLACEHOLDER_OPEN = "\ue000";
export const PLACEHOLDER_CLOSE = "\ue001";

/** Finds placeholders; the key is letters, digits, dots, dashes and underscores. */
export const PLACEHOLDER_PATTERN = /\ue000([A-Za-z0-9_.:-]+)\ue001/g;

/** Keys with a fixed meaning; extra recipient columns use "field:<name>". */
export const RECIPIENT_KEYS = {
  email: "recipient.email",
  name: "recipient.name",
  unsubscribeUrl: "recipient.unsubscribeUrl",
  viewInBrowserUrl: "recipient.viewInBrowserUrl",
} as const;

export function placeholder(key: string): string {
  return `${PLACEHOLDER_OPEN}${key}${PLACEHOLDER_CLOSE}`;
}

/** The `recipient` object templates see: every value a placeholder. */
export function recipientPlaceholders(): Record<keyof typeof RECIPIENT_KEYS, string> {
  return {
    email: placeholder(RECIPIENT_KEYS.email),
    name: placeholder(RECIPIENT_KEYS.name),
    unsubscribeUrl: placeholder(RECIPIENT_KEYS.unsubscribeUrl),
    viewInBrowserUrl: placeholder(RECIPIENT_KEYS.viewInBrowserUrl),
  };
}

/** Extra recipient columns ({{field "city"}}) may be named with these characters only. */
export function isFieldName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name);
}

export function fieldPlaceholder(name: string): string {
  return placeholder(`field:${name}`);
}
