// What a worker does with each kind of SMTP answer, on a real redis-server and a real
// SMTP server: the same rules as a local send, applied across the fleet.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { personEmail, testEdition, writeCsvList } from "../../support/edition.js";
import { queueSession, type QueueSession } from "../../support/queue-session.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type TestRedis } from "../../support/redis-server.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { tempDir } from "../../support/temp.js";

let redis: TestRedis;
let session: QueueSession;
const servers: TestSmtpServer[] = [];
const smtp = async (faults: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> => {
  const server = await startSmtpServer(faults);
  servers.push(server);
  return server;
};

describe.skipIf(!hasRedisServer)(hasRedisServer ? "a queue worker" : `a queue worker (${REDIS_MISSING})`, () => {
  beforeEach(async () => {
    redis = await startRedis();
    session = queueSession(redis);
  });
  afterEach(async () => {
    await session.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis.stop();
  });

  it("tries a 4xx again as a BullMQ retry, with backoff, and then sends it once", async () => {
    const server = await smtp({ deferRcpt: (n) => n <= 3 });
    const worker = await session.worker(server.url);
    const report = await session.send(await writeCsvList(await tempDir(), 10));
    expect(report).toMatchObject({ outcome: "sent", sent: 10, deferredCount: 0, failedCount: 0 });
    expect(worker.stats.retried).toBe(3);
    expect(server.stats.deferred).toBe(3);
    expect([...server.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it("leaves a reader whose 4xx outlasts its retries deferred; the next send queues it anew and it goes out", async () => {
    let down = true;
    const server = await smtp({ deferRcpt: (_n, to) => down && to === personEmail(2) });
    await session.worker(server.url);
    const list = await writeCsvList(await tempDir(), 5);
    const first = await session.send(list);
    expect(first).toMatchObject({ sent: 4, deferredCount: 1, failedCount: 0 });
    expect(first.deferred[0]).toMatchObject({ email: personEmail(2), permanent: false });
    down = false;
    const second = await session.send(list);
    expect(second).toMatchObject({ enqueued: 1, sent: 1, alreadySent: 4, deferredCount: 0 });
    expect(server.countsByRecipient().get(personEmail(2))).toBe(1);
    expect(server.received).toHaveLength(5);
  });

  it("fails a mailbox that is gone for good and suppresses it in Redis, so no later edition is queued for it", async () => {
    const gone = personEmail(3);
    const server = await smtp({ rejectPermanently: new Set([gone]) });
    await session.worker(server.url);
    const list = await writeCsvList(await tempDir(), 6);
    const first = await session.send(list);
    expect(first).toMatchObject({ sent: 5, failedCount: 1 });
    expect(first.failed[0]).toMatchObject({ email: gone, permanent: true, code: 550 });
    expect(await session.queue.redis.hget(session.queue.keys.suppressed, gone)).toBe("bounced");
    const next = await session.send(list, { edition: testEdition("2024-06-21-test-digest") });
    expect(next).toMatchObject({ sent: 5, suppressed: 1, enqueued: 5 });
    expect(server.countsByRecipient().get(gone)).toBeUndefined();
  });

  it("honours a suppression recorded after the reader was queued (checked at the claim)", async () => {
    const server = await smtp();
    const list = await writeCsvList(await tempDir(), 4);
    const sending = session.send(list);
    // Queued, not yet taken: no worker runs until the unsubscribe is in.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await session.queue.redis.hset(session.queue.keys.suppressed, personEmail(1), "unsubscribed");
    await session.worker(server.url);
    const report = await sending;
    expect(report).toMatchObject({ sent: 3, suppressed: 1 });
    expect(server.countsByRecipient().has(personEmail(1))).toBe(false);
  });

  it("pauses every worker at once when the SMTP login is refused; the send says so and the next one resumes", async () => {
    const bad = await smtp({ acceptAuth: true, rejectAuth: true });
    const lines: string[] = [];
    const misconfigured = await session.worker(bad.url.replace("smtp://", "smtp://user:wrong@"), { log: (line) => lines.push(line) });
    const list = await writeCsvList(await tempDir(), 40);
    const first = await session.send(list);
    expect(first.outcome).toBe("paused");
    expect(first.pausedReason).toMatch(/authentication/i);
    expect(lines.join("\n")).toMatch(/paused every worker/);
    // One refusal pauses the fleet: not one login per reader.
    expect(bad.logins.length).toBeLessThanOrEqual(2 * 4);
    expect(first.sent).toBe(0);

    // The operator fixes the settings: the worker restarts against the right server.
    await misconfigured.stop();
    const good = await smtp();
    await session.worker(good.url);
    const second = await session.send(list);
    expect(second).toMatchObject({ outcome: "sent", sent: 40, failedCount: 0, deferredCount: 0 });
    expect([...good.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(good.received).toHaveLength(40);
  });

  it("pauses the fleet after a streak of refusals with the streak's readers deferred, not written off", async () => {
    let blocked = true;
    const server = await smtp({ refuseRcpt: () => blocked });
    await session.worker(server.url, { limits: { concurrency: 1 } });
    const list = await writeCsvList(await tempDir(), 30);
    const first = await session.send(list);
    expect(first.outcome).toBe("paused");
    expect(first.pausedReason).toMatch(/5 failures in a row/);
    expect(first.failedCount).toBe(0);
    blocked = false;
    const second = await session.send(list);
    expect(second).toMatchObject({ outcome: "sent", failedCount: 0, deferredCount: 0 });
    expect(server.received).toHaveLength(30);
    expect(new Set(server.received.map((m) => m.recipients[0])).size).toBe(30);
  });

  it("sends nothing when its signing key is not the sender's, and stops saying why", async () => {
    const server = await smtp();
    const worker = await session.worker(server.url, { tokenKey: "another-key-0123456789abcdef" });
    const list = await writeCsvList(await tempDir(), 3);
    void session.send(list).catch(() => undefined);
    const { reason } = await worker.stopped;
    expect(reason).toMatch(/signing key is not the one .* was queued with/);
    expect(server.received).toHaveLength(0);
  });

  it("holds the whole fleet to one --rate: two workers, 24 readers at 8/s take over two seconds", async () => {
    const server = await smtp();
    await session.worker(server.url);
    await session.worker(server.url);
    const started = performance.now();
    const report = await session.send(await writeCsvList(await tempDir(), 24), { limits: { ratePerSecond: 8 } });
    expect(report.sent).toBe(24);
    // A lower bound only: a slow machine makes it longer, never shorter.
    expect(performance.now() - started).toBeGreaterThan(2_000);
  });
});
