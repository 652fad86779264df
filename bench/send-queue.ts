/**
 * `npm run bench:send -- --queue`: the queue beside the local send and raw nodemailer,
 * side by side in one run, into the same SMTP sink:
 *   - raw:     a nodemailer pool sending one pre-built message to every reader (the floor);
 *   - local:   `news-digest send` from one process;
 *   - queue-N: `news-digest send --queue` with N `news-digest worker` processes
 *              (started and idle before the clock starts, as a fleet would be), for N = 1, 2, 4.
 * Each round runs the sides in a rotated order. Messages per second is the count over the
 * wall time of the sending command (`send --queue` enqueues, then waits until the workers
 * are done). CPU per message adds up every process of the side (sender and workers).
 * Redis runs with AOF and `appendfsync always`, the setting the queue's guarantee needs
 * (`--appendfsync everysec` shows what the per-write disk flush costs).
 * Memory: peak RSS of `send --queue --detach` enqueueing 100,000 readers (aim < 150 MB).
 *
 * On one machine every worker shares its cores with the others, the sender, Redis and
 * the sink: more workers cannot add CPU here, only overlap waiting. What the figures
 * show is the queue's own cost per message, and whether it scales until the cores run out.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { BENCH_DIR, benchEdition, exec, floorJob, loadAverage, MAIN, median, say, startSink, TOKEN_KEY, USAGE_HOOK, writeBenchConfig, writeList, type Sink } from "./support/send-parts.js";

export interface QueueBenchOptions {
  count: number;
  memoryCount: number;
  concurrency: number;
  rounds: number;
  dataset: string;
  /** Redis's AOF fsync policy: "always" (what the guarantee needs) or "everysec". */
  appendfsync: "always" | "everysec";
}

type Side = "raw" | "local" | "queue-1" | "queue-2" | "queue-4";
const SIDES: Side[] = ["raw", "local", "queue-1", "queue-2", "queue-4"];

interface Measured {
  sent: number;
  seconds: number;
  cpuMsPerMessage: number;
}

interface Setup {
  work: string;
  editionFile: string;
  config: string;
  sink: Sink;
  redisUrl: string;
  concurrency: number;
}


export async function benchQueue(options: QueueBenchOptions): Promise<number> {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status !== 0) {
    say("bench:send --queue: redis-server is not installed (apt-get install redis-server)");
    return 1;
  }
  const work = await mkdtemp(join(tmpdir(), "nd-bench-queue-"));
  const sink = await startSink();
  const redis = await startRedis(work, options.appendfsync);
  try {
    const { edition, source } = await benchEdition(options.dataset);
    const editionFile = join(work, "edition.json");
    await writeFile(editionFile, JSON.stringify(edition));
    const list = join(work, "list.csv");
    await writeList(list, options.count);
    const config = await writeBenchConfig(work, "state", options.concurrency);
    const setup: Setup = { work, editionFile, config, sink, redisUrl: redis.url, concurrency: options.concurrency };
    say(`load       ${loadAverage()} (1, 5, 15 min) before; every side shares the machine`);
    say(`edition    ${source}; html ${(edition.html.length / 1024).toFixed(1)} KB per message`);
    say(`settings   ${options.count.toLocaleString("en-US")} readers, ${options.concurrency} in flight per process, Redis ${redis.version} (AOF, appendfsync ${options.appendfsync}), sink in its own process`);

    const warm = join(work, "warm.csv");
    await writeList(warm, Math.min(300, options.count));
    for (const side of SIDES) await runSide(side, setup, warm, 300, redis.client);

    const results = Object.fromEntries(SIDES.map((side) => [side, [] as Measured[]])) as Record<Side, Measured[]>;
    for (let round = 0; round < options.rounds; round++) {
      const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length]!);
      const cells: string[] = [];
      for (const side of order) {
        const result = await runSide(side, setup, list, options.count, redis.client);
        results[side].push(result);
        cells.push(`${side} ${rate(result).toFixed(0)}/s`);
      }
      say(`round ${round + 1}    ${cells.join(", ")}`);
    }
    for (const side of SIDES) {
      const perRound = (other: Side) => median(results[side].map((r, i) => rate(r) / rate(results[other][i]!)));
      say(
        `${side.padEnd(10)} median ${median(results[side].map(rate)).toFixed(0)} msg/s, ${median(results[side].map((r) => r.cpuMsPerMessage)).toFixed(2)} ms CPU per message (all its processes); ` +
          `/local ${perRound("local").toFixed(2)}, /raw ${perRound("raw").toFixed(2)}`,
      );
    }

    if (options.memoryCount > 0) {
      const big = join(work, "big.csv");
      await writeList(big, options.memoryCount);
      await redis.client.flushdb();
      const usageFile = join(work, "usage-memory.json");
      const started = performance.now();
      const run = await exec(process.execPath, ["--import", USAGE_HOOK, MAIN(), "send", "--queue", redis.url, "--detach", "--json", "--edition", editionFile, "--list", big, "--config", config], benchEnv(usageFile));
      if (run.code !== 0) throw new Error(`send --queue --detach exited with ${run.code}: ${run.stderr.trim()}`);
      const seconds = (performance.now() - started) / 1000;
      const queued = (JSON.parse(run.stdout) as { enqueued: number }).enqueued;
      const rss = (JSON.parse(await readFile(usageFile, "utf8")) as { maxRssKb: number }).maxRssKb / 1024;
      say(
        `memory     send --queue --detach, ${options.memoryCount.toLocaleString("en-US")} readers: ${queued.toLocaleString("en-US")} queued in ${seconds.toFixed(1)} s, ` +
          `peak RSS ${rss.toFixed(1)} MB (aim < 150 MB: ${rss < 150 ? "met" : "NOT met"}); Redis used ${await redisMemoryMb(redis.client)} MB`,
      );
    }
    say(`load       ${loadAverage()} (1, 5, 15 min) after`);
    return 0;
  } finally {
    sink.stop();
    await redis.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function runSide(side: Side, setup: Setup, list: string, count: number, client: Redis): Promise<Measured> {
  const before = await setup.sink.count();
  const usage: string[] = [];
  const usageFile = (): string => {
    const file = join(setup.work, `usage-${side}-${Date.now()}-${usage.length}.json`);
    usage.push(file);
    return file;
  };
  let workers: ChildProcess[] = [];
  let args: string[];
  if (side === "raw") {
    args = [join(BENCH_DIR, "send-floor.js"), "raw", JSON.stringify(floorJob(setup.editionFile, list, setup.sink.port, setup.concurrency))];
  } else {
    // A fresh state folder and a fresh Redis per run: every run sends to every reader.
    const config = side === "local" ? await writeBenchConfig(setup.work, `state-${Date.now()}`, setup.concurrency) : setup.config;
    args = [MAIN(), "send", "--edition", setup.editionFile, "--list", list, "--config", config, "--json"];
    if (side === "local") {
      args.push("--smtp", `smtp://127.0.0.1:${setup.sink.port}`);
    } else {
      await client.flushdb();
      args.push("--queue", setup.redisUrl);
      workers = await startWorkers(Number(side.split("-")[1]), setup, usageFile);
    }
  }
  const started = performance.now();
  const run = await exec(process.execPath, ["--import", USAGE_HOOK, ...args], benchEnv(usageFile()));
  const seconds = (performance.now() - started) / 1000;
  await stopWorkers(workers);
  if (run.code !== 0) throw new Error(`${side} exited with ${run.code}: ${run.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const delivered = (await setup.sink.count()) - before;
  if (delivered !== count) throw new Error(`${side}: the sink got ${delivered} messages, expected ${count}`);
  let cpuMicros = 0;
  for (const file of usage) cpuMicros += (JSON.parse(await readFile(file, "utf8")) as { cpuMicros: number }).cpuMicros;
  return { sent: delivered, seconds, cpuMsPerMessage: cpuMicros / 1000 / delivered };
}

function benchEnv(usageFile: string): NodeJS.ProcessEnv {
  return { ...process.env, BENCH_USAGE_FILE: usageFile, NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY, SMTP_URL: "" };
}

/** N workers, each ready (its "taking jobs" line printed) before the clock starts. */
async function startWorkers(n: number, setup: Setup, usageFile: () => string): Promise<ChildProcess[]> {
  const workers: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const args = ["--import", USAGE_HOOK, MAIN(), "worker", "--queue", setup.redisUrl, "--config", setup.config, "--smtp", `smtp://127.0.0.1:${setup.sink.port}`, "--concurrency", String(setup.concurrency)];
    const child = spawn(process.execPath, args, { env: benchEnv(usageFile()), stdio: ["ignore", "ignore", "pipe"] });
    workers.push(child);
    await new Promise<void>((ready, fail) => {
      let err = "";
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        err += chunk;
        if (err.includes("taking jobs")) ready();
      });
      child.once("exit", (code) => fail(new Error(`worker exited with ${code}: ${err.trim()}`)));
    });
  }
  return workers;
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((done) => {
          if (worker.exitCode !== null) return done();
          worker.once("exit", () => done());
          worker.kill("SIGTERM");
        }),
    ),
  );
}


const rate = (r: Measured): number => r.sent / r.seconds;

interface BenchRedis {
  url: string;
  version: string;
  client: Redis;
  stop(): Promise<void>;
}

/** Debian's redis-server on a free loopback port, in the bench's folder, stopped by pid. */
async function startRedis(work: string, appendfsync: string): Promise<BenchRedis> {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", work, "--appendonly", "yes", "--appendfsync", appendfsync, "--save", ""], { stdio: "ignore" });
  const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: null, retryStrategy: () => 50 });
  // Refused until the server listens: the client retries, and ping() waits for it.
  client.on("error", () => undefined);
  await client.ping();
  const info = await client.info("server");
  return {
    url: `redis://127.0.0.1:${port}/0`,
    version: /redis_version:(\S+)/.exec(info)?.[1] ?? "?",
    client,
    async stop() {
      client.disconnect();
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
    },
  };
}

async function redisMemoryMb(client: Redis): Promise<string> {
  const info = await client.info("memory");
  return (Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 1024 / 1024).toFixed(1);
}
