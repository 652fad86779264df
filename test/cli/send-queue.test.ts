// `send --queue`, `send --status`, `editions --queue` and `worker` as the operator types
// them: usage mistakes are one line and exit 2, a paused fleet is 75, the Redis password
// never shows, and --detach leaves the workers to it.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSuppressions } from "../../src/deliver/suppressions/index.js";
import { editionsCommand } from "../../src/cli/editions.js";
import { sendCommand } from "../../src/cli/send.js";
import { workerCommand } from "../../src/cli/worker.js";
import { runCommand } from "../support/cli.js";
import { identity, personEmail, TOKEN_KEY, writeCsvList } from "../support/edition.js";
import { queueSession, type QueueSession } from "../support/queue-session.js";
import { hasRedisServer, REDIS_MISSING, startRedis, type TestRedis } from "../support/redis-server.js";
import { writeSendInputs } from "../support/send-inputs.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { tempDir } from "../support/temp.js";

const ENV = { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY };
const send = (args: string[], env: NodeJS.ProcessEnv = ENV) => runCommand(sendCommand, args, { env });

async function inputs(): Promise<{ list: string; edition: string; config: string; dir: string }> {
  const dir = await tempDir();
  // The newsletter's list id is the workers' (queue-session.ts): one queue.
  const paths = await writeSendInputs(dir, { listId: identity.listId });
  return { dir, list: await writeCsvList(dir, 12), edition: paths.edition, config: paths.config };
}

describe("send --queue: usage", () => {
  it("refuses flags that do not go with --queue, and a URL that is not redis://, in one line each (exit 2)", async () => {
    const { list, edition, config } = await inputs();
    const base = ["--list", list, "--edition", edition, "--config", config];
    const cases: [string[], RegExp][] = [
      [["--queue", "redis://127.0.0.1:1/0", "--dry-run"], /--dry-run does not go with --queue/],
      [["--queue", "redis://127.0.0.1:1/0", "--force"], /--force does not go with --queue/],
      [["--queue", "http://127.0.0.1:1/0"], /--queue: expected a redis:\/\/ or rediss:\/\/ URL, got "http:"/],
      [["--queue", "redis://127.0.0.1:1/abc"], /the database must be a number/],
      [["--queue", "redis://:s3cret-pass@/0"], /--queue: expected redis:\/\/HOST:PORT\/DB, got "redis:\/\/\*\*\*@\/0"/],
      [["--detach"], /--detach goes with --queue/],
    ];
    for (const [extra, message] of cases) {
      const run = await send([...base, ...extra]);
      expect(run.code, extra.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toContain("s3cret-pass");
    }
  });

  it("refuses to queue readers while the sender or links are placeholders (exit 2), before touching Redis", async () => {
    const dir = await tempDir();
    const paths = await writeSendInputs(dir);
    const config = JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(paths.config, "utf8")));
    delete config.from;
    await import("node:fs/promises").then((fs) => fs.writeFile(paths.config, JSON.stringify(config)));
    const run = await send(["--list", await writeCsvList(dir, 2), "--edition", paths.edition, "--config", paths.config, "--queue", "redis://127.0.0.1:1/0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/placeholder addresses: set from/);
  });

  it("worker: --queue is required and --stall-seconds must be a number of seconds (exit 2)", async () => {
    const { config } = await inputs();
    expect(await runCommand(workerCommand, ["--config", config], { env: ENV })).toMatchObject({ code: 2, stderr: expect.stringMatching(/--queue redis:\/\/HOST:PORT\/DB is required/) });
    const stall = await runCommand(workerCommand, ["--config", config, "--queue", "redis://127.0.0.1:1/0", "--stall-seconds", "soon"], { env: ENV });
    expect(stall).toMatchObject({ code: 2, stderr: expect.stringMatching(/--stall-seconds: expected a number of seconds/) });
  });
});

describe.skipIf(!hasRedisServer)(hasRedisServer ? "send --queue against Redis" : `send --queue against Redis (${REDIS_MISSING})`, () => {
  let redis: TestRedis;
  let session: QueueSession;
  const servers: TestSmtpServer[] = [];
  afterEach(async () => {
    await session?.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis?.stop();
  });

  it("--detach returns once the readers are queued; --status and editions --queue show them waiting, then sent", async () => {
    redis = await startRedis();
    session = queueSession(redis);
    const { list, edition, config } = await inputs();
    const queued = await send(["--list", list, "--edition", edition, "--config", config, "--queue", redis.url, "--detach"]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain(`queued 12 of 12 reader(s); follow with: news-digest send --status --queue ${redis.url}`);
    const waiting = await send(["--status", "--queue", redis.url, "--config", config, "--edition", edition]);
    expect(waiting.stdout).toBe("2024-06-20-cli-digest to list.csv: 12 queued, 0 in flight, 0 sent, 0 failed, 0 deferred, 0 suppressed, 0 uncertain (sending)\n");

    const server = await startSmtpServer();
    servers.push(server);
    await session.worker(server.url);
    const followed = await send(["--list", list, "--edition", edition, "--config", config, "--queue", redis.url, "--json"]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stderr).toContain("0 queued now, 12 already queued");
    const status = await runCommand(editionsCommand, ["--queue", redis.url, "--config", config, "--json"], { env: ENV });
    expect(JSON.parse(status.stdout)).toMatchObject([{ edition: "2024-06-20-cli-digest", list: "list.csv", queued: 0, inFlight: 0, sent: 12 }]);
    expect(server.received).toHaveLength(12);
  });

  it("exits 75 when the fleet pauses, naming why; the same command resumes once the workers are fixed", async () => {
    redis = await startRedis();
    session = queueSession(redis);
    const { list, edition, config } = await inputs();
    const refusing = await startSmtpServer({ rejectSenders: new Set(["digest@news.test-newsroom.org"]) });
    servers.push(refusing);
    const misconfigured = await session.worker(refusing.url);
    const args = ["--list", list, "--edition", edition, "--config", config, "--queue", redis.url];
    const paused = await send(args);
    expect(paused.code).toBe(75);
    expect(paused.stdout).toMatch(/PAUSED: the SMTP server refused the sender address/);
    expect(paused.stdout).toMatch(/deferred: +12 /);
    expect(paused.stderr).toContain("to resume without sending anyone a second copy, run the same command again");
    await misconfigured.stop();
    const good = await startSmtpServer();
    servers.push(good);
    await session.worker(good.url);
    const resumed = await send(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(good.received).toHaveLength(12);
    expect(new Set(good.received.map((m) => m.recipients[0]))).toContain(personEmail(12));
  });

  it("adds the mailboxes the workers found gone to the suppression file, so a local send skips them too", async () => {
    redis = await startRedis();
    session = queueSession(redis);
    const { list, edition, config, dir } = await inputs();
    const server = await startSmtpServer({ rejectPermanently: new Set([personEmail(5)]) });
    servers.push(server);
    await session.worker(server.url);
    const run = await send(["--list", list, "--edition", edition, "--config", config, "--queue", redis.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 address(es) found gone while sending: added to the suppression list as bounced");
    const file = await openSuppressions(join(dir, "state"), identity.listId);
    expect(file.get(personEmail(5))?.reason).toBe("bounced");
    await file.close();
  });

  it("takes the Redis password from the URL or REDIS_PASSWORD and never prints it", async () => {
    const password = "s3cret-redis-pass";
    redis = await startRedis({ password });
    const { list, edition, config } = await inputs();
    const withUrl = `redis://:${password}@127.0.0.1:${redis.port}/0`;
    const fromUrl = await send(["--list", list, "--edition", edition, "--config", config, "--queue", withUrl, "--detach"]);
    expect(fromUrl.code, fromUrl.stderr).toBe(0);
    const fromEnv = await send(["--status", "--queue", redis.url, "--config", config], { ...ENV, REDIS_PASSWORD: password });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toContain("12 queued");
    for (const run of [fromUrl, fromEnv]) expect(run.stdout + run.stderr).not.toContain(password);
    expect(fromUrl.stdout).toContain(`--queue redis://127.0.0.1:${redis.port}/0`);
  });
});
