/** Answers and request bodies for serve's handlers: every answer uncacheable by default and never sniffed. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Bodies past this answer 413: a one-click POST or the page's form is a few hundred bytes. */
export const MAX_BODY_BYTES = 4096;

export function answer(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

export function answerText(res: ServerResponse, status: number, text: string): void {
  answer(res, status, "text/plain; charset=utf-8", text.endsWith("\n") ? text : `${text}\n`);
}

/** The body as text, or "too large" once it passes MAX_BODY_BYTES (by its Content-Length or as it streams). */
export function readBody(req: IncomingMessage): Promise<string | "too large"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        req.resume(); // drain the rest unread, so the 413 reaches the client
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
