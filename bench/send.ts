/**
 * `npm run bench:send`: how fast `send` delivers, against the floor, and how much
 * memory it needs for a large list.
 *
 *   - ours:  a list run on a 10,000-row CSV list: reading and checking the list,
 *            signing tokens, personalising, the fsync'd send log, retries bookkeeping;
 *   - floor: the same 10,000 messages built beforehand and handed to plain nodemailer
 *            through the same pool settings (connections, messages per connection),
 *            with the same number in flight;
 *   both to an SMTP sink running as a separate process. Printed: messages per second
 *   for each, and ours / floor (aim: >= 0.8).
 *   - memory: a child process sends to 100,000 recipients; its peak RSS (aim: <= 200 MB).
 *
 * The edition's text comes from ../shared/datasets/bbc-news (outside the repo) so the
 * messages have a realistic size; without it the bench says so and uses filler text.
 *
 *   node dist/bench/send.js [--recipients N] [--memory-recipients N] [--concurrency N] [--rounds N]
 */
import { fork } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { RenderedEdition } from "../src/model.js";
import { buildMailOptions } from "../src/deliver/send/message.js";
import { DEFAULT_LIMITS, ListRun } from "../src/deliver/send/list-run.js";
import type { ListIdentity, RenderedEdition as Edition, SendLimits } from "../src/model.js";
import type { SendReport } from "../src/deliver/send/report.js";
import { openFileLedger } from "../src/deliver/send/ledger/index.js";
import { listHistory } from "../src/deliver/send/history.js";
import { readRecipientList } from "../src/deliver/send/recipients.js";
import { poolOptions, resolveSmtp, type SmtpTarget } from "../src/deliver/send/smtp.js";
import { smtpMessenger } from "../src/deliver/send/messengers/index.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../src/links/token.js";
import { defaultConfig } from "../src/config/load.js";
import { readEditionFile } from "../src/deliver/send/edition-file.js";
import { personalize } from "../src/render/personalize.js";
import { builtInTemplatesDir } from "../src/render/template-files.js";

const TOKEN_KEY = "bench-token-key-0123456789abcdef";
const IDENTITY: ListIdentity = {
  from: "Bench Digest <digest@news.example.com>",
  listId: "bench.news.example.com",
  listName: "Bench Digest",
  unsubscribeMailto: "unsubscribe@news.example.com",
};
const UNSUBSCRIBE_BASE = "https://news.example.com/unsubscribe";
const VIEW_URL = "https://news.example.com/editions/bench";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recipients: { type: "string", default: "10000" },
      "memory-recipients": { type: "string", default: "100000" },
      concurrency: { type: "string", default: String(DEFAULT_LIMITS.concurrency) },
      rounds: { type: "string", default: "3" },
      dataset: { type: "string" },
      "memory-child": { type: "string" },
    },
  });
  const concurrency = Math.max(1, Number(values.concurrency) || DEFAULT_LIMITS.concurrency);
  if (values["memory-child"] !== undefined) return memoryChild(JSON.parse(values["memory-child"]) as MemoryJob);

  const count = Math.max(1, Number(values.recipients) || 10_000);
  const memoryCount = Math.max(0, Number(values["memory-recipients"]) || 0);
  const rounds = Math.max(1, Number(values.rounds) || 3);
  const dataset = values.dataset ?? resolve(repoRoot(), "../shared/datasets/bbc-news");
  const { edition, source } = await benchEdition(dataset);

  const work = await mkdtemp(join(tmpdir(), "nd-bench-send-"));
  const sink = await startSink();
  try {
    const target = resolveSmtp({ flag: `smtp://127.0.0.1:${sink.port}`, env: {} });
    const list = join(work, "list.csv");
    await writeList(list, count);
    const sample = personalize(edition, personalization(personEmail(1)));
    const lines = [
      `edition    ${source}; html ${kb(sample.html.length)}, text ${kb(sample.text.length)} per message`,
      `sink       separate process, 127.0.0.1:${sink.port}`,
      `settings   ${concurrency} connections / messages in flight, no rate limit`,
    ];
    process.stdout.write(lines.join("\n") + "\n");

    // Warm-up: JIT, sockets, disk cache.
    const warmList = join(work, "warm.csv");
    await writeList(warmList, Math.min(500, count));
    await floorRun(edition, target, Math.min(500, count), concurrency);
    await oursRun(edition, target, warmList, work, concurrency, "warm");

    const floor: number[] = [];
    const ours: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = await sink.count();
      floor.push(await floorRun(edition, target, count, concurrency));
      ours.push(await oursRun(edition, target, list, work, concurrency, `r${round}`));
      const delivered = (await sink.count()) - before;
      if (delivered !== 2 * count) throw new Error(`sink received ${delivered} messages in round ${round + 1}, expected ${2 * count}`);
      process.stdout.write(`round ${round + 1}    floor ${floor[round]!.toFixed(0)} msg/s, ours ${ours[round]!.toFixed(0)} msg/s\n`);
    }
    const floorRate = median(floor);
    const oursRate = median(ours);
    const ratio = oursRate / floorRate;
    const out = [
      `floor      ${floorRate.toFixed(0)} messages/s (median of ${rounds}; ${count.toLocaleString("en-US")} pre-built messages, plain nodemailer pool)`,
      `ours       ${oursRate.toFixed(0)} messages/s (median of ${rounds}; ${count.toLocaleString("en-US")} recipients via a list run, fsync'd ledger)`,
      `ratio      ${ratio.toFixed(2)} (target >= 0.8: ${ratio >= 0.8 ? "met" : "NOT met"})`,
    ];
    process.stdout.write(out.join("\n") + "\n");

    if (memoryCount > 0) {
      const bigList = join(work, "big.csv");
      await writeList(bigList, memoryCount);
      const before = await sink.count();
      const editionFile = join(work, "edition.json");
      await writeFile(editionFile, JSON.stringify(edition));
      const result = await runMemoryChild({ list: bigList, edition: editionFile, stateDir: join(work, "state-memory"), port: sink.port, concurrency });
      const delivered = (await sink.count()) - before;
      const peak = result.maxRssKb / 1024;
      process.stdout.write(
        [
          `memory     ${memoryCount.toLocaleString("en-US")} recipients: sent ${result.sent.toLocaleString("en-US")} (sink got ${delivered.toLocaleString("en-US")}) in ${result.seconds.toFixed(1)} s, ${(result.sent / result.seconds).toFixed(0)} msg/s`,
          `peak RSS   ${peak.toFixed(1)} MB (target <= 200 MB: ${peak <= 200 ? "met" : "NOT met"}); heap used at end ${result.heapUsedMb.toFixed(1)} MB`,
        ].join("\n") + "\n",
      );
    }
    return 0;
  } finally {
    sink.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** The floor: messages built before the clock starts, sent with plain nodemailer. */
async function floorRun(edition: RenderedEdition, target: SmtpTarget, count: number, concurrency: number): Promise<number> {
  const messages: SendMailOptions[] = [];
  for (let i = 1; i <= count; i++) {
    const p = personalization(personEmail(i));
    messages.push(buildMailOptions(edition, personalize(edition, p), p, IDENTITY));
  }
  const transporter = nodemailer.createTransport(poolOptions(target, { connections: concurrency }));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages.length) await transporter.sendMail(messages[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transporter.close();
  return count / seconds;
}

/** Ours: the whole send, list file to log, with a fresh send log each time. */
async function oursRun(edition: RenderedEdition, target: SmtpTarget, list: string, work: string, concurrency: number, tag: string): Promise<number> {
  const limits: SendLimits = { ...DEFAULT_LIMITS, concurrency };
  const started = performance.now();
  const report = await runToList(edition, list, join(work, "state", tag), target, limits);
  const seconds = (performance.now() - started) / 1000;
  if (report.failedCount + report.deferredCount > 0 || report.outcome !== "sent") {
    throw new Error(`bench send did not complete: ${report.outcome}, ${report.failedCount} failed, ${report.deferredCount} deferred`);
  }
  return report.sent / seconds;
}

/** One list run, as `send --edition` opens it, with a fresh ledger in `stateDir`. */
async function runToList(edition: Edition, list: string, stateDir: string, target: SmtpTarget, limits: SendLimits): Promise<SendReport> {
  const ledger = await openFileLedger(
    { stateDir, listId: IDENTITY.listId, write: true },
    { editionId: edition.editionId, storyIds: edition.storyIds, force: false, now: () => new Date() },
  );
  const run = new ListRun({
    list: { name: "bench.csv", path: list },
    messages: { edition, personalize, identity: IDENTITY, unsubscribe: { baseUrl: UNSUBSCRIBE_BASE, tokenKey: TOKEN_KEY }, viewInBrowserUrl: VIEW_URL },
    recipients: readRecipientList(list),
    ledger,
    messenger: smtpMessenger(target, { connections: limits.concurrency }),
    history: listHistory(join(stateDir, "bench.csv"), { write: true }),
    limits,
  });
  return run.execute();
}

interface MemoryJob {
  list: string;
  /** The compiled edition, saved by the parent: the child loads only what `send --edition` loads. */
  edition: string;
  stateDir: string;
  port: number;
  concurrency: number;
}

interface MemoryResult {
  sent: number;
  seconds: number;
  maxRssKb: number;
  heapUsedMb: number;
}

/** In the child: one large send, then its own peak RSS on stdout as JSON. */
async function memoryChild(job: MemoryJob): Promise<number> {
  const edition = await readEditionFile(job.edition);
  const target = resolveSmtp({ flag: `smtp://127.0.0.1:${job.port}`, env: {} });
  const started = performance.now();
  const report = await runToList(edition, job.list, job.stateDir, target, { ...DEFAULT_LIMITS, concurrency: job.concurrency });
  const result: MemoryResult = {
    sent: report.sent,
    seconds: (performance.now() - started) / 1000,
    // ru_maxrss: the largest resident set this process ever had, in kilobytes.
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
  return 0;
}

function runMemoryChild(job: MemoryJob): Promise<MemoryResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--memory-child", JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`memory child exited with ${code}`));
      try {
        resolvePromise(JSON.parse(out.trim().split("\n").pop()!) as MemoryResult);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

interface Sink {
  port: number;
  count(): Promise<number>;
  stop(): void;
}

function startSink(): Promise<Sink> {
  const script = join(dirname(fileURLToPath(import.meta.url)), "send-sink.js");
  const child = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting: ((n: number) => void)[] = [];
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("message", (message: { port?: number; count?: number }) => {
      if (message.port !== undefined) {
        resolvePromise({
          port: message.port,
          count: () =>
            new Promise<number>((r) => {
              waiting.push(r);
              child.send("count");
            }),
          stop: () => child.kill(),
        });
      }
      if (message.count !== undefined) waiting.shift()?.(message.count);
    });
  });
}

function personalization(email: string) {
  const token = signUnsubscribeToken(TOKEN_KEY, { listId: IDENTITY.listId, email });
  return { recipient: { email, name: "Bench Reader", fields: { city: "Leeds" } }, unsubscribeUrl: unsubscribeUrlFor(UNSUBSCRIBE_BASE, token), viewInBrowserUrl: VIEW_URL };
}

function personEmail(i: number): string {
  return `reader${i}@example.org`;
}

/** Streams a CSV list to disk (the 100,000-row one never sits in memory either). */
async function writeList(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("email,name,city\n");
  for (let i = 1; i <= count; i++) await write(`${personEmail(i)},Reader ${i},City ${i % 13}\n`);
  await new Promise<void>((r, reject) => out.end((error?: Error | null) => (error ? reject(error) : r())));
}

/**
 * A real edition: a dozen BBC articles (three per section) through the whole pipeline
 * (ingest, analyze, compose, render with the built-in templates), so the messages
 * have the size and shape of a real send. Without the dataset, the project's seeds.
 */
async function benchEdition(dataset: string): Promise<{ edition: RenderedEdition; source: string }> {
  let stories: string[];
  let source: string;
  if (existsSync(dataset)) {
    stories = [];
    for (const section of ["business", "politics", "sport", "tech", "entertainment"]) {
      const files = (await readdir(join(dataset, section)).catch(() => [] as string[])).filter((f) => f.endsWith(".txt")).sort().slice(0, 3);
      stories.push(...files.map((file) => join(dataset, section, file)));
    }
    source = `${stories.length} articles from ${dataset}, built with the real pipeline`;
  } else {
    stories = [join(repoRoot(), "seeds")];
    source = `dataset not found at ${dataset} (it lives outside the repo, in ../shared/datasets/bbc-news): the seeds instead`;
  }
  // Loaded here only: the memory child must not carry the pipeline's language models.
  const { buildEdition } = await import("../src/pipeline.js");
  const built = await buildEdition({
    stories,
    templatesDir: builtInTemplatesDir(),
    config: defaultConfig(),
    now: new Date("2024-06-20T07:00:00Z"),
  });
  return { edition: built.render.edition, source };
}

function kb(chars: number): string {
  return `${(chars / 1024).toFixed(1)} KB`;
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
