/**
 * `npm run bench:send`: how fast `send` delivers beside two floors, and how much
 * memory it needs for a large list.
 *
 * Three sides, each a whole process sending the same edition to the same list through
 * an SMTP sink (a separate process that accepts and discards):
 *   - compose: a nodemailer pool composing each reader's copy (bench/send-floor.ts);
 *   - raw:     a nodemailer pool sending one pre-built message to every reader;
 *   - ours:    `news-digest send --edition E --list L`: list reading, tokens, the
 *              fsync'd send log, everything a real send does.
 * Each round runs the three in a rotated order; each side is its own process, so no
 * side inherits another's garbage or warm caches. Printed per round and as medians:
 * messages per second (wall time of the whole process), CPU per message, and the
 * pair-by-pair ratios ours/compose (aim >= 1.3) and ours/raw (aim >= 0.85).
 * Memory: `send` to 100,000 readers, real and --dry-run, peak RSS (aim < 150 MB). The load
 * average is printed before and after: on a shared machine it explains most of the spread.
 *
 * The edition is built from ../shared/datasets/bbc-news when present (real sizes),
 * else from the seeds.
 *
 *   node dist/bench/send.js [--recipients N] [--memory-recipients N] [--concurrency N] [--rounds N]
 */
import { fork, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultConfig } from "../src/config/index.js";
import type { RenderedEdition } from "../src/model.js";
import { builtInTemplatesDir } from "../src/render/index.js";
import type { FloorJob } from "./send-floor.js";

const TOKEN_KEY = "bench-token-key-0123456789abcdef";
const NEWSROOM = "bench.test-newsroom.org";
const HERE = dirname(fileURLToPath(import.meta.url));
const USAGE_HOOK = join(HERE, "support", "report-usage.js");

type Side = "compose" | "raw" | "ours";
const SIDES: Side[] = ["compose", "raw", "ours"];

interface Measured {
  sent: number;
  seconds: number;
  cpuMsPerMessage: number;
  maxRssMb: number;
}

function repoRoot(): string {
  let dir = HERE;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recipients: { type: "string", default: "5000" },
      "memory-recipients": { type: "string", default: "100000" },
      concurrency: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      dataset: { type: "string" },
    },
  });
  const count = Math.max(1, Number(values.recipients) || 5000);
  const memoryCount = Math.max(0, Number(values["memory-recipients"]) || 0);
  const concurrency = Math.max(1, Number(values.concurrency) || 5);
  const rounds = Math.max(1, Number(values.rounds) || 3);
  const dataset = values.dataset ?? resolve(repoRoot(), "../shared/datasets/bbc-news");

  const work = await mkdtemp(join(tmpdir(), "nd-bench-send-"));
  const sink = await startSink();
  try {
    const { edition, source } = await benchEdition(dataset);
    const editionFile = join(work, "edition.json");
    await writeFile(editionFile, JSON.stringify(edition));
    const list = join(work, "list.csv");
    await writeList(list, count);
    say(`edition    ${source}; html ${(edition.html.length / 1024).toFixed(1)} KB per message`);
    say(`settings   ${count.toLocaleString("en-US")} readers, ${concurrency} in flight, sink in its own process on 127.0.0.1:${sink.port}`);
    say(`load       ${loadAverage()} (1, 5, 15 min) before; every side shares the machine`);

    const run = (side: Side, listFile: string, tag: string, extra: string[] = []) =>
      measure(side, { work, editionFile, list: listFile, port: sink.port, concurrency, tag, extra });
    // Warm-up: disk cache, the compiled code on disk; not counted.
    const warm = join(work, "warm.csv");
    await writeList(warm, Math.min(300, count));
    for (const side of SIDES) await run(side, warm, "warm");

    const results: Record<Side, Measured[]> = { compose: [], raw: [], ours: [] };
    for (let round = 0; round < rounds; round++) {
      const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length]!);
      const cells: string[] = [];
      for (const side of order) {
        const before = await sink.count();
        const result = await run(side, list, `r${round}`);
        const delivered = (await sink.count()) - before;
        if (delivered !== count || result.sent !== count) throw new Error(`${side}, round ${round + 1}: sink got ${delivered}, side reported ${result.sent}, expected ${count}`);
        results[side].push(result);
        cells.push(`${side} ${rate(result).toFixed(0)} msg/s (${result.cpuMsPerMessage.toFixed(2)} ms CPU/msg)`);
      }
      const ours = rate(results.ours[round]!);
      say(`round ${round + 1}    ${cells.join(", ")}; ours/compose ${(ours / rate(results.compose[round]!)).toFixed(2)}, ours/raw ${(ours / rate(results.raw[round]!)).toFixed(2)}`);
    }
    const ratios = (other: Side) => median(results.ours.map((r, i) => rate(r) / rate(results[other][i]!)));
    for (const side of SIDES) {
      say(`${side.padEnd(10)} median ${median(results[side].map(rate)).toFixed(0)} msg/s, ${median(results[side].map((r) => r.cpuMsPerMessage)).toFixed(2)} ms CPU per message`);
    }
    const overCompose = ratios("compose");
    const overRaw = ratios("raw");
    say(`ratio      ours/compose ${overCompose.toFixed(2)} (aim >= 1.3: ${overCompose >= 1.3 ? "met" : "NOT met"}), ours/raw ${overRaw.toFixed(2)} (aim >= 0.85: ${overRaw >= 0.85 ? "met" : "NOT met"}); medians of per-round ratios`);

    if (memoryCount > 0) {
      const big = join(work, "big.csv");
      await writeList(big, memoryCount);
      for (const [label, extra] of [["send", []], ["send --dry-run", ["--dry-run"]]] as const) {
        const result = await run("ours", big, `mem-${extra.length}`, [...extra]);
        const verdict = result.maxRssMb < 150 ? "met" : "NOT met";
        say(`memory     ${label}, ${memoryCount.toLocaleString("en-US")} readers: peak RSS ${result.maxRssMb.toFixed(1)} MB (aim < 150 MB: ${verdict}), ${result.seconds.toFixed(1)} s`);
      }
    }
    say(`load       ${loadAverage()} (1, 5, 15 min) after`);
    return 0;
  } finally {
    sink.stop();
    await rm(work, { recursive: true, force: true });
  }
}

interface SideRun {
  work: string;
  editionFile: string;
  list: string;
  port: number;
  concurrency: number;
  tag: string;
  extra: string[];
}

/** One side as a whole process: wall time from spawn to exit, its own CPU and peak RSS. */
async function measure(side: Side, run: SideRun): Promise<Measured> {
  const usageFile = join(run.work, `usage-${side}-${run.tag}-${Date.now()}.json`);
  const env = { ...process.env, BENCH_USAGE_FILE: usageFile, NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY, SMTP_URL: "" };
  const args = side === "ours" ? await oursArgs(run) : [join(HERE, "send-floor.js"), side, JSON.stringify(floorJob(run))];
  const started = performance.now();
  const { code, stdout, stderr } = await exec(process.execPath, ["--import", USAGE_HOOK, ...args], env);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${side} exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as { cpuMicros: number; maxRssKb: number };
  const sent = side === "ours" ? oursSent(stdout, run) : (JSON.parse(stdout.trim().split("\n").pop()!) as { sent: number }).sent;
  return { sent, seconds, cpuMsPerMessage: usage.cpuMicros / 1000 / Math.max(1, sent), maxRssMb: usage.maxRssKb / 1024 };
}

async function oursArgs(run: SideRun): Promise<string[]> {
  const config = join(run.work, `config-${run.tag}.json`);
  await writeFile(
    config,
    JSON.stringify({
      title: "Bench Digest",
      from: `Bench Digest <digest@${NEWSROOM}>`,
      links: { site: `https://${NEWSROOM}/`, unsubscribeBase: `https://${NEWSROOM}/unsubscribe`, viewInBrowserBase: `https://${NEWSROOM}/editions/` },
      send: { listId: NEWSROOM, concurrency: run.concurrency, stateDir: join(run.work, `state-${run.tag}`) },
    }),
  );
  const main = join(repoRoot(), "dist/src/cli/main.js");
  return [main, "send", "--edition", run.editionFile, "--list", run.list, "--config", config, "--smtp", `smtp://127.0.0.1:${run.port}`, "--json", ...run.extra];
}

function oursSent(stdout: string, run: SideRun): number {
  const report = JSON.parse(stdout) as { sent?: number; wouldSend?: number };
  return run.extra.includes("--dry-run") ? (report.wouldSend ?? 0) : (report.sent ?? 0);
}

function floorJob(run: SideRun): FloorJob {
  return {
    edition: run.editionFile,
    list: run.list,
    port: run.port,
    concurrency: run.concurrency,
    tokenKey: TOKEN_KEY,
    from: `digest@${NEWSROOM}`,
    listId: NEWSROOM,
    unsubscribeBase: `https://${NEWSROOM}/unsubscribe`,
    viewInBrowserUrl: `https://${NEWSROOM}/editions/bench`,
  };
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const rate = (r: Measured) => r.sent / r.seconds;

interface Sink {
  port: number;
  count(): Promise<number>;
  stop(): void;
}

function startSink(): Promise<Sink> {
  const child = fork(join(HERE, "send-sink.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting: ((n: number) => void)[] = [];
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("message", (message: { port?: number; count?: number }) => {
      if (message.port !== undefined) {
        done({
          port: message.port,
          count: () => new Promise<number>((r) => (waiting.push(r), child.send("count"))),
          stop: () => child.kill(),
        });
      }
      if (message.count !== undefined) waiting.shift()?.(message.count);
    });
  });
}

/** Streams a CSV list to disk (the 100,000-row one never sits in memory either). */
async function writeList(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("email,name,city\n");
  for (let i = 1; i <= count; i++) await write(`reader${i}@example.org,Reader ${i},City ${i % 13}\n`);
  await new Promise<void>((r, reject) => out.end((error?: Error | null) => (error ? reject(error) : r())));
}

/** Three BBC articles per section through the whole pipeline; the seeds without the dataset. */
async function benchEdition(dataset: string): Promise<{ edition: RenderedEdition; source: string }> {
  let stories: string[];
  let source: string;
  if (existsSync(dataset)) {
    stories = [];
    for (const section of ["business", "politics", "sport", "tech", "entertainment"]) {
      const files = (await readdir(join(dataset, section)).catch(() => [] as string[])).filter((f) => f.endsWith(".txt")).sort().slice(0, 3);
      stories.push(...files.map((file) => join(dataset, section, file)));
    }
    source = `${stories.length} articles from ${dataset}`;
  } else {
    stories = [join(repoRoot(), "seeds")];
    source = `the seeds (no dataset at ${dataset})`;
  }
  const { buildEdition } = await import("../src/pipeline.js");
  const built = await buildEdition({ stories, templatesDir: builtInTemplatesDir(), config: defaultConfig(), now: new Date("2024-06-20T07:00:00Z") });
  return { edition: built.render.edition, source };
}

/** A busy machine stretches every figure, and fsync latency most: printed with them. */
function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

function say(line: string): void {
  process.stdout.write(line + "\n");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:send: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
