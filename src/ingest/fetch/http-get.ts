/**
 * One HTTP(S) GET with the limits a scheduled job needs: a timeout per attempt,
 * a cap on the bytes read (we stop reading past it, so a huge or endless
 * response costs at most the cap), and a few retries with exponential backoff
 * on connection errors, 429 and 5xx. Anything else is the caller's answer.
 */

export interface HttpGetOptions {
  /** Extra request headers (conditional-request validators, for instance). */
  headers?: Record<string, string>;
  /** Per attempt, headers and body included. */
  timeoutMs: number;
  /** Bodies longer than this (after decompression) fail without being read to the end. */
  maxBytes: number;
  /** Attempts after the first one, for connection errors, 429 and 5xx. */
  retries: number;
  /** Delay before the first retry; doubles each time. */
  backoffMs: number;
  /** Cancels the whole request, retries included (e.g. on SIGTERM). */
  signal?: AbortSignal;
  /** Injected so that tests of the backoff need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpGetResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** Null for 304 and other bodiless answers. */
  body: Uint8Array | null;
  /** How many requests it took (1 when the first one answered). */
  attempts: number;
}

/** A GET that failed for good: the message is one line, meant for the user. */
export class HttpGetError extends Error {
  /** Requests made before giving up (0 when the URL was refused before any). */
  attempts = 0;

  constructor(
    message: string,
    readonly kind: "scheme" | "invalid" | "timeout" | "network" | "too-large" | "http" | "aborted",
    readonly status?: number,
  ) {
    super(message);
    this.name = "HttpGetError";
  }
}

const USER_AGENT = "news-digest/0.1 (feed fetcher)";

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResponse> {
  const parsed = parseHttpUrl(url);
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await attemptGet(parsed, options);
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt > options.retries) {
        if (response.status >= 400) {
          throw new HttpGetError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${attemptsNote(attempt)}`, "http", response.status);
        }
        return { ...response, attempts: attempt };
      }
    } catch (error) {
      const failure = toHttpGetError(error, options);
      const retryable = failure.kind === "network";
      if (!retryable || attempt > options.retries) {
        if (failure.kind === "network") failure.message += attemptsNote(attempt);
        failure.attempts = attempt;
        throw failure;
      }
    }
    await sleep(options.backoffMs * 2 ** (attempt - 1));
    if (options.signal?.aborted) throw new HttpGetError("cancelled", "aborted");
  }
}

async function attemptGet(url: URL, options: HttpGetOptions): Promise<Omit<HttpGetResponse, "attempts">> {
  const { target, authorization } = splitCredentials(url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const response = await fetch(target, {
    headers: {
      "user-agent": USER_AGENT,
      ...(authorization ? { authorization } : {}),
      accept: "application/feed+json, application/rss+xml, application/atom+xml, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
      ...options.headers,
    },
    redirect: "follow",
    signal,
  });
  // A redirect may have left http(s); fetch only follows http(s), but say so if it ever changes.
  if (response.url && !/^https?:/i.test(response.url)) throw new HttpGetError(`redirected to a non-http(s) URL`, "scheme");
  const base = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (response.status === 304 || response.status === 204 || response.status >= 400 || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return { ...base, body: null };
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(options.maxBytes);
  }
  return { ...base, body: await readCapped(response.body, options.maxBytes) };
}

/** Reads the stream until its end or until it passes the cap, whichever comes first. */
async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** fetch refuses URLs with credentials; "https://user:pass@host/feed" becomes Basic authentication. */
function splitCredentials(url: URL): { target: URL; authorization?: string } {
  if (!url.username && !url.password) return { target: url };
  const target = new URL(url.href);
  target.username = "";
  target.password = "";
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { target, authorization: `Basic ${Buffer.from(pair).toString("base64")}` };
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpGetError("not a valid URL", "scheme");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new HttpGetError(`unsupported scheme "${parsed.protocol}": expected an http(s) URL`, "scheme");
  }
  return parsed;
}

function toHttpGetError(error: unknown, options: HttpGetOptions): HttpGetError {
  if (error instanceof HttpGetError) return error;
  if (options.signal?.aborted) return new HttpGetError("cancelled", "aborted");
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new HttpGetError(`no complete answer within ${formatMs(options.timeoutMs)} (timeout)`, "timeout");
  }
  // undici wraps real network failures as "fetch failed" with a cause; a TypeError without one is a request it refused to make.
  if (error instanceof TypeError && error.cause === undefined) return new HttpGetError(error.message, "invalid");
  return new HttpGetError(networkReason(error), "network");
}

/** undici reports "fetch failed" and keeps the useful part ("connect ECONNREFUSED 127.0.0.1:80") in a `cause`. */
function networkReason(error: unknown): string {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (typeof (current as { code?: unknown }).code === "string") return current.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function tooLarge(maxBytes: number): HttpGetError {
  return new HttpGetError(`larger than the ${formatBytes(maxBytes)} cap: stopped reading`, "too-large");
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
