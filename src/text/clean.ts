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

/** Removes reserved characters only (keeps spacing), for values already laid out. */
export function stripReserved(text: string): string {
  return text.replace(RESERVED, "");
}
