/**
 * Bytes of a story file to text. Story files are UTF-8; anything else is
 * reported rather than guessed at, because a wrong guess silently garbles
 * every accented name in the edition.
 */

export type Decoded = { ok: true; text: string } | { ok: false; line?: number; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Signatures of binary formats people drop into story folders by mistake, to name them in the error. */
const SIGNATURES: [bytes: number[], name: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x47, 0x49, 0x46, 0x38], "a GIF image"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (or Office document)"],
  [[0x1f, 0x8b], "a gzip archive"],
  [[0x7f, 0x45, 0x4c, 0x46], "an executable"],
];

/** How much of the head is checked for binary content: enough to catch it, cheap on big files. */
const SNIFF_BYTES = 8192;

export function decodeStoryBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, message: "empty file: expected a story" };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, line: 1, message: "UTF-16 text: expected UTF-8 (re-save the file as UTF-8)" };
  }
  const head = bytes.subarray(0, SNIFF_BYTES);
  const signature = SIGNATURES.find(([magic]) => startsWith(bytes, magic));
  if (signature) return binary(signature[1]);
  if (head.indexOf(0) !== -1) return binary("it contains NUL bytes");

  let text: string;
  try {
    // Fatal decoding: one bad byte fails the file instead of becoming U+FFFD somewhere in a story.
    text = utf8.decode(bytes);
  } catch {
    if (mostlyControls(new TextDecoder("latin1").decode(head))) return binary("it is mostly control characters");
    const offset = firstInvalidUtf8(bytes);
    const line = lineOfByte(bytes, offset);
    return { ok: false, line, message: `invalid UTF-8 at byte ${offset}: expected UTF-8 text (re-save the file as UTF-8)` };
  }
  if (mostlyControls(text.slice(0, SNIFF_BYTES))) return binary("it is mostly control characters");
  if (text.trim() === "") return { ok: false, message: "empty file (only blank space): expected a story" };
  return { ok: true, text };
}

function binary(kind: string): Decoded {
  return { ok: false, message: `binary file (${kind}): expected UTF-8 text` };
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/g;

/** Text is binary in disguise when over a tenth of its head is control characters other than tab, line breaks and form feed. */
function mostlyControls(head: string): boolean {
  const controls = head.match(CONTROL)?.length ?? 0;
  return controls > head.length / 10;
}

/** Offset of the first byte that breaks UTF-8 (only called once the decoder has refused the bytes). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      try {
        utf8.decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return bytes.length;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
