// The queue as an operator runs it: a real redis-server, `news-digest send --queue` and
// several `news-digest worker` processes (the compiled binary), a real SMTP server.
// Workers die (kill -9), Redis crashes and comes back, two senders race: every reader
// gets the edition, and duplicates stay within what was in flight in what died.
import { afterEach, describe, expect, it } from "vitest";
import { personEmail, TOKEN_KEY, writeCsvList } from "../../support/edition.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type TestRedis } from "../../support/redis-server.js";
import { writeSendInputs } from "../../support/send-inputs.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { spawnCli, type CliProcess } from "../../support/spawn.js";
import { tempDir } from "../../support/temp.js";

const ENV = { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY };
const LONG = 120_000;

let redis: TestRedis | undefined;
let smtp: TestSmtpServer | undefined;
let workers: CliProcess[] = [];
afterEach(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  await smtp?.close();
  await redis?.stop();
});

interface Fleet {
  list: string;
  args: string[];
  worker(concurrency: number): CliProcess;
}

async function fleet(readers: number, acceptDelayMs = 0): Promise<Fleet> {
  redis = await startRedis();
  smtp = await startSmtpServer({ acceptDelayMs });
  const dir = await tempDir();
  const list = await writeCsvList(dir, readers);
  const inputs = await writeSendInputs(dir);
  return {
    list,
    args: ["--list", list, "--edition", inputs.edition, "--config", inputs.config, "--queue", redis.url],
    worker: (concurrency) => {
      const worker = spawnCli(["worker", "--queue", redis!.url, "--config", inputs.config, "--smtp", smtp!.url, "--concurrency", String(concurrency), "--stall-seconds", "2"], {
        env: ENV,
        hangMs: LONG,
      });
      workers.push(worker);
      return worker;
    },
  };
}

const send = (args: string[]): CliProcess => spawnCli(["send", ...args], { env: ENV, hangMs: LONG });

/** Every reader's count of copies: [missing, duplicates]. */
function tally(readers: number): { missing: string[]; duplicates: number } {
  const counts = smtp!.countsByRecipient();
  const missing: string[] = [];
  let duplicates = 0;
  for (let i = 1; i <= readers; i++) {
    const n = counts.get(personEmail(i)) ?? 0;
    if (n === 0) missing.push(personEmail(i));
    duplicates += Math.max(0, n - 1);
  }
  return { missing, duplicates };
}

async function when(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!hasRedisServer)(hasRedisServer ? "a fleet of workers on Redis" : `a fleet of workers on Redis (${REDIS_MISSING})`, () => {
  it(
    "3,000 readers, three workers: every reader exactly once, and the report and `editions --queue` agree",
    async () => {
      const f = await fleet(3000);
      const sender = send([...f.args, "--json"]);
      for (let i = 0; i < 3; i++) f.worker(4);
      const done = await sender.exited;
      expect(done.code, sender.stderr()).toBe(0);
      const report = JSON.parse(sender.stdout());
      expect(report).toMatchObject({ outcome: "sent", recipients: 3000, sent: 3000, failedCount: 0, deferredCount: 0, uncertain: 0 });
      expect(tally(3000)).toEqual({ missing: [], duplicates: 0 });
      expect(smtp!.received).toHaveLength(3000);
      // Every worker took a share: the queue spread the list.
      for (const worker of workers) worker.child.kill("SIGTERM");
      const exits = await Promise.all(workers.map((w) => w.exited));
      expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
      const shares = workers.map((w) => Number(/stopped: (\d+) sent/.exec(w.stderr())?.[1] ?? 0));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(3000);
      expect(Math.min(...shares)).toBeGreaterThan(0);

      const status = spawnCli(["editions", "--queue", redis!.url, "--config", f.args[f.args.indexOf("--config") + 1]!, "--json"], { env: ENV });
      expect((await status.exited).code).toBe(0);
      expect(JSON.parse(status.stdout())).toMatchObject([{ queued: 0, inFlight: 0, sent: 3000, failed: 0, deferred: 0, uncertain: 0 }]);

      // The same command again queues nobody and sends nothing.
      const again = send([...f.args, "--json"]);
      expect((await again.exited).code).toBe(0);
      expect(again.stderr()).toContain("0 queued now");
      expect(JSON.parse(again.stdout())).toMatchObject({ outcome: "already-sent", alreadySent: 3000, sent: 0 });
      expect(smtp!.received).toHaveLength(3000);
    },
    LONG,
  );

  it(
    "kill -9 of one worker midway and a fourth started: nobody missing, duplicates within its concurrency, counted as uncertain",
    async () => {
      const readers = 1200;
      const concurrency = 6;
      const f = await fleet(readers, 5);
      const sender = send([...f.args, "--json"]);
      const doomed = f.worker(concurrency);
      f.worker(concurrency);
      f.worker(concurrency);
      await when(() => smtp!.received.length >= readers / 4, "a quarter of the list");
      doomed.child.kill("SIGKILL");
      await doomed.exited;
      f.worker(concurrency);
      const done = await sender.exited;
      expect(done.code, sender.stderr()).toBe(0);
      const report = JSON.parse(sender.stdout());
      const { missing, duplicates } = tally(readers);
      expect(missing).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(concurrency);
      expect(report.uncertain).toBeGreaterThanOrEqual(duplicates);
      expect(report.uncertain).toBeLessThanOrEqual(concurrency);
      expect(report).toMatchObject({ outcome: "sent", recipients: readers, failedCount: 0, deferredCount: 0 });
    },
    LONG,
  );

  it(
    "Redis crashes midway and comes back on the same folder: the workers reconnect by themselves, nobody missing, duplicates within what was in flight",
    async () => {
      const readers = 1200;
      const concurrency = 4;
      const f = await fleet(readers, 5);
      const sender = send([...f.args, "--json"]);
      f.worker(concurrency);
      f.worker(concurrency);
      await when(() => smtp!.received.length >= readers / 3, "a third of the list");
      await redis!.crash();
      const atCrash = smtp!.received.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Nothing more is claimed while Redis is away: at most what was in flight finishes.
      expect(smtp!.received.length - atCrash).toBeLessThanOrEqual(2 * concurrency);
      await redis!.start();
      const done = await sender.exited;
      expect(done.code, sender.stderr()).toBe(0);
      const { missing, duplicates } = tally(readers);
      expect(missing).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(2 * concurrency);
      expect(JSON.parse(sender.stdout())).toMatchObject({ recipients: readers, failedCount: 0, deferredCount: 0 });
      expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
    },
    LONG,
  );

  it(
    "a second `send --queue` of the same edition while the first runs enqueues nobody twice",
    async () => {
      const readers = 800;
      const f = await fleet(readers, 2);
      const first = send([...f.args, "--json"]);
      const second = send([...f.args, "--json"]);
      f.worker(4);
      f.worker(4);
      const [a, b] = await Promise.all([first.exited, second.exited]);
      expect(a.code, first.stderr()).toBe(0);
      expect(b.code, second.stderr()).toBe(0);
      const queuedNow = [first, second].map((s) => Number(/: (\d+) queued now/.exec(s.stderr())?.[1]));
      expect(queuedNow[0]! + queuedNow[1]!).toBe(readers);
      expect(Math.min(...queuedNow)).toBe(0);
      expect(tally(readers)).toEqual({ missing: [], duplicates: 0 });
    },
    LONG,
  );
});
