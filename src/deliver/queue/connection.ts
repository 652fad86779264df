/**
 * The Redis a queue lives in, from `--queue redis://[:password@]host[:port][/db]`
 * (or rediss:// for TLS). The password may also come from REDIS_PASSWORD, so it need
 * not sit in a crontab; either way it is never printed: `display` hides it.
 *
 * Every connection retries for ever (ioredis reconnects with backoff, and commands
 * wait in its offline queue): a Redis restart pauses the workers, it does not kill
 * them. BullMQ requires exactly this of a worker's connection.
 */
import { Redis } from "ioredis";

export const REDIS_PASSWORD_ENV = "REDIS_PASSWORD";

/** A bad --queue value; the message names what was expected. */
export class QueueUrlError extends Error {}

export interface QueueTarget {
  url: URL;
  /** The URL as it may be printed: no password. */
  display: string;
  /** For hiding the password in any text that might echo it. */
  password: string | undefined;
}

export function resolveQueueTarget(value: string, env: NodeJS.ProcessEnv = process.env): QueueTarget {
  let url: URL;
  // Never echoed with its password: a special character in one is what breaks a URL most often.
  const shown = value.replace(/\/\/[^@/]*@/, "//***@");
  try {
    url = new URL(value);
  } catch {
    throw new QueueUrlError(`--queue: expected redis://HOST:PORT/DB, got "${shown}"`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new QueueUrlError(`--queue: expected a redis:// or rediss:// URL, got "${url.protocol}"`);
  }
  if (!url.hostname) throw new QueueUrlError(`--queue: the URL names no host: "${shown}"`);
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d{1,2}$/.test(db)) throw new QueueUrlError(`--queue: the database must be a number such as /0, got "/${db}"`);
  const password = url.password ? decodeURIComponent(url.password) : env[REDIS_PASSWORD_ENV] || undefined;
  const display = new URL(url.href);
  display.password = "";
  return { url, display: display.href.replace(/\/$/, ""), password };
}

/** A connection that outlives Redis restarts (see the header). */
export function connectRedis(target: QueueTarget): Redis {
  const { url } = target;
  const redis = new Redis({
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    db: Number(url.pathname.replace(/^\//, "") || "0"),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(url.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly at first, then every 2 s while Redis is away.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    lazyConnect: false,
  });
  // Connection errors are retried (above) and commands wait for the connection: what a
  // caller must know it learns from its commands (see OpenQueue.reachable), not from logs.
  redis.on("error", () => undefined);
  return redis;
}

/** `text` with the password hidden, should an error message echo the URL. */
export function redactQueue(text: string, target: QueueTarget | undefined): string {
  if (!target?.password) return text;
  return text.split(target.password).join("***").split(encodeURIComponent(target.password)).join("***");
}
