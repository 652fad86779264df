/**
 * Shows an untrusted value inside a one-line error message: quoted, control
 * characters and line breaks escaped, long values cut, so a hostile or huge
 * field can neither break the line nor flood the terminal.
 */
export function quote(value: unknown, maxChars = 60): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
