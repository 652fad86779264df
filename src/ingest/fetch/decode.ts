import { TextDecoder } from "node:util";

/**
 * Bytes of a feed to text. The charset comes from, in order: a byte-order mark,
 * the Content-Type header, the XML declaration (`<?xml ... encoding="..."?>`),
 * else UTF-8. Undecodable bytes become U+FFFD rather than failing the feed:
 * one bad byte in a feed of fifty items should not lose the other forty-nine.
 */
export function decodeFeedBody(body: Uint8Array, contentType: string | null): string {
  const label = bomCharset(body) ?? headerCharset(contentType) ?? xmlDeclaredCharset(body) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(body);
}

function bomCharset(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  return undefined;
}

function headerCharset(contentType: string | null): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType) : null;
  return match?.[1];
}

function xmlDeclaredCharset(body: Uint8Array): string | undefined {
  // The declaration is ASCII and sits in the first bytes; latin1 reads them as they are.
  const head = new TextDecoder("latin1").decode(body.subarray(0, 200));
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return match?.[1];
}
