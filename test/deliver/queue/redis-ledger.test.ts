// The Redis ledger on a real redis-server: claims decide atomically what may leave, the
// counters follow the states, and a local run plugged into it (the Ledger seam) skips
// whoever another sender settled.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openQueue, QueueUnreachableError, RedisLedger, queueCounts, resolveQueueTarget } from "../../../src/deliver/queue/index.js";
import { smtpMessenger, resolveSmtp } from "../../../src/deliver/send/index.js";
import { identity, personEmail, runTestList, testEdition, testNewsletter, writeCsvList } from "../../support/edition.js";
import { QUEUE_LIMITS, queueSession, type QueueSession } from "../../support/queue-session.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type TestRedis } from "../../support/redis-server.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { tempDir } from "../../support/temp.js";

const EDITION = testEdition().editionId;
let redis: TestRedis;
let session: QueueSession;
let ledger: RedisLedger;
const servers: TestSmtpServer[] = [];
/** Closed after the workers stop: a server waits for its clients' connections to end. */
const smtp = async (): Promise<TestSmtpServer> => {
  const server = await startSmtpServer();
  servers.push(server);
  return server;
};
const counts = () => queueCounts(session.queue.redis, session.queue.keys, EDITION);
const stateOf = (reader: string) => session.queue.redis.hget(session.queue.keys.edition(EDITION).readers, reader);

describe.skipIf(!hasRedisServer)(hasRedisServer ? "the Redis ledger" : `the Redis ledger (${REDIS_MISSING})`, () => {
  beforeEach(async () => {
    redis = await startRedis();
    session = queueSession(redis);
    ledger = new RedisLedger(session.queue.redis, session.queue.keys, EDITION);
  });
  afterEach(async () => {
    await session.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis.stop();
  });

  it("lets a reader's message leave once: claimed, then settled for every later claim", async () => {
    expect(await ledger.claim("a@example.org")).toBe("claimed");
    expect(await counts()).toMatchObject({ inFlight: 1, sent: 0 });
    await ledger.record("a@example.org", { status: "sent" });
    expect(await counts()).toMatchObject({ queued: 0, inFlight: 0, sent: 1 });
    expect(await ledger.claim("a@example.org")).toBe("settled");
    // A duplicate job's outcome changes nothing: the reader is counted once.
    await ledger.record("a@example.org", { status: "sent" });
    expect((await counts()).sent).toBe(1);
  });

  it("answers a claim nobody confirmed with 'reclaimed' and counts the reader uncertain once", async () => {
    await ledger.claim("b@example.org");
    expect(await ledger.claim("b@example.org")).toBe("reclaimed");
    expect(await ledger.claim("b@example.org")).toBe("reclaimed");
    expect(await counts()).toMatchObject({ inFlight: 1, uncertain: 1 });
  });

  it("answers 'paused' while the newsletter is paused and 'suppressed' for a suppressed reader, sending neither", async () => {
    await session.queue.redis.set(session.queue.keys.paused, "test pause");
    expect(await ledger.claim("c@example.org")).toBe("paused");
    expect(await stateOf("c@example.org")).toBeNull();
    await session.queue.redis.del(session.queue.keys.paused);
    await session.queue.redis.hset(session.queue.keys.suppressed, "c@example.org", "unsubscribed");
    expect(await ledger.claim("c@example.org")).toBe("suppressed");
    expect(await counts()).toMatchObject({ suppressed: 1, inFlight: 0 });
  });

  it("writes off a refusal once a later message goes through, and keeps a temporary failure deferred", async () => {
    await ledger.claim("r@example.org");
    const streak = await ledger.recordFailure("r@example.org", { email: "r@example.org", line: 2, reason: "550 policy", permanent: false }, { unsettled: true, streak: true });
    expect(streak).toBe(1);
    await ledger.claim("t@example.org");
    await ledger.recordFailure("t@example.org", { email: "t@example.org", line: 3, reason: "451 later", permanent: false }, { streak: true });
    expect(await counts()).toMatchObject({ deferred: 2, failed: 0 });
    await ledger.claim("ok@example.org");
    await ledger.record("ok@example.org", { status: "sent" });
    expect(await counts()).toMatchObject({ deferred: 1, failed: 1, sent: 1 });
    expect(await stateOf("r@example.org")).toBe("f");
    expect(await stateOf("t@example.org")).toBe("d");
    expect(await session.queue.redis.get(session.queue.keys.streak)).toBe("0");
  });

  it("lets only a reader's newest job send: an older twin's claim is answered 'settled'", async () => {
    await session.queue.redis.hset(session.queue.keys.edition(EDITION).gen, "g@example.org", "2");
    expect(await ledger.claimJob("g@example.org", 1)).toBe("settled");
    expect(await ledger.claimJob("g@example.org", 2)).toBe("claimed");
  });

  it("keeps a paused newsletter's refusals deferred when a message in flight succeeds meanwhile", async () => {
    await ledger.claim("r@example.org");
    await ledger.recordFailure("r@example.org", { email: "r@example.org", line: 2, reason: "550 policy", permanent: false }, { unsettled: true, streak: true });
    await ledger.claim("late@example.org");
    await session.queue.redis.set(session.queue.keys.paused, "paused after 20 failures in a row");
    await ledger.record("late@example.org", { status: "sent" });
    expect(await stateOf("r@example.org")).toBe("d");
    expect(await counts()).toMatchObject({ deferred: 1, failed: 0, sent: 1 });
  });

  it("counts a reader uncertain when its job was given up after stalling (its worker may have sent it)", async () => {
    await ledger.claim("s@example.org");
    await ledger.recordFailure("s@example.org", { email: "s@example.org", line: 2, reason: "job stalled more than allowable limit", permanent: false }, { uncertain: true });
    expect(await counts()).toMatchObject({ deferred: 1, uncertain: 1, inFlight: 0 });
  });

  it("says within the time given when Redis cannot be reached, instead of waiting for ever", async () => {
    const closed = openQueue(resolveQueueTarget("redis://127.0.0.1:1/0", {}), identity.listId);
    try {
      await expect(closed.reachable(300)).rejects.toBeInstanceOf(QueueUnreachableError);
    } finally {
      await closed.close();
    }
  });

  it("gives a queued reader whose job vanished a new job on the next pass, and a claimed one is counted uncertain", async () => {
    const list = await writeCsvList(await tempDir(), 3);
    // No worker: the jobs wait. Then two of them vanish (a producer died between marking
    // and adding; BullMQ gave up on a stalled job after its claim).
    const first = session.send(list);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waiting = await session.queue.queue.getJobs(["waiting"]);
    expect(waiting).toHaveLength(3);
    const byReader = new Map(waiting.map((job) => [job.data.reader as string, job]));
    await byReader.get(personEmail(1))!.remove();
    await ledger.claim(personEmail(2));
    await byReader.get(personEmail(2))!.remove();
    const server = await smtp();
    await session.worker(server.url);
    // The first send sees readers marked queued with no job left, says so, and ends.
    expect(await first).toMatchObject({ sent: 1, deferredCount: 2 });
    const again = await session.send(list);
    expect(again.enqueued).toBe(2);
    expect(again.uncertain).toBe(1);
    expect([...server.countsByRecipient().keys()].sort()).toEqual([personEmail(1), personEmail(2), personEmail(3)]);
    expect(server.received).toHaveLength(3);
  });

  it("plugs into a local run through the Ledger seam: readers another sender settled are skipped at their claim", async () => {
    for (const i of [1, 2]) {
      await ledger.claim(personEmail(i));
      await ledger.record(personEmail(i), { status: "sent" });
    }
    const server = await smtp();
    const dir = await tempDir();
    const newsletter = {
      ...testNewsletter(dir, { messenger: () => smtpMessenger(resolveSmtp({ flag: server.url, env: {} }), { connections: 2 }), limits: QUEUE_LIMITS, identity }),
      openLedger: async () => ledger,
    };
    const report = await runTestList(newsletter, await writeCsvList(dir, 5));
    expect(report).toMatchObject({ sent: 3, alreadySent: 2 });
    expect([...server.countsByRecipient().keys()].sort()).toEqual([personEmail(3), personEmail(4), personEmail(5)]);
    expect((await counts()).sent).toBe(5);
  });
});
