/**
 * Text from outside (story files, file names, feed URLs, config values) on its way to a
 * terminal: one place that makes it safe and one form for "where: what".
 */

/**
 * Control characters (terminal escape sequences among them) become U+FFFD rather than
 * reach the terminal, and line breaks cannot split one record into two.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd");
}

/** A problem in a file, at a line when known. */
export interface Located {
  file: string;
  line?: number | undefined;
  message: string;
}

/** `file:line: message`, the form compilers use, so terminals and editors can jump to it. */
export function formatLocated({ file, line, message }: Located): string {
  return terminalSafe(`${line === undefined ? file : `${file}:${line}`}: ${message}`);
}
