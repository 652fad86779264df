/**
 * What the send benchmarks share: the SMTP sink process, the list writer, the bench
 * edition, a child process run to its end, and medians.
 */
import { fork, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../../src/config/index.js";
import type { RenderedEdition } from "../../src/model.js";
import type { FloorJob } from "../send-floor.js";
import { builtInTemplatesDir } from "../../src/render/index.js";

export const TOKEN_KEY = "bench-token-key-0123456789abcdef";
export const NEWSROOM = "bench.test-newsroom.org";
/** dist/bench/, where the compiled benchmarks and the sink live. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
/** `news-digest`, compiled. */
export const MAIN = (): string => join(repoRoot(), "dist/src/cli/main.js");
export const USAGE_HOOK = join(BENCH_DIR, "support", "report-usage.js");

export function repoRoot(): string {
  let dir = BENCH_DIR;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function exec(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
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

export interface Sink {
  port: number;
  count(): Promise<number>;
  stop(): void;
}

export function startSink(): Promise<Sink> {
  const child = fork(join(BENCH_DIR, "send-sink.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
export async function writeList(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("email,name,city\n");
  for (let i = 1; i <= count; i++) await write(`reader${i}@example.org,Reader ${i},City ${i % 13}\n`);
  await new Promise<void>((r, reject) => out.end((error?: Error | null) => (error ? reject(error) : r())));
}

/** Three BBC articles per section through the whole pipeline; the seeds without the dataset. */
export async function benchEdition(dataset: string): Promise<{ edition: RenderedEdition; source: string }> {
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
  const { buildEdition } = await import("../../src/pipeline.js");
  const built = await buildEdition({ stories, templatesDir: builtInTemplatesDir(), config: defaultConfig(), now: new Date("2024-06-20T07:00:00Z") });
  return { edition: built.render.edition, source };
}

/** A busy machine stretches every figure, and fsync latency most: printed with them. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A config file for the bench newsletter, its state in `work/<state>`; returns its path. */
export async function writeBenchConfig(work: string, state: string, concurrency: number): Promise<string> {
  const config = join(work, `config-${state}.json`);
  await writeFile(
    config,
    JSON.stringify({
      title: "Bench Digest",
      from: `Bench Digest <digest@${NEWSROOM}>`,
      links: { site: `https://${NEWSROOM}/`, unsubscribeBase: `https://${NEWSROOM}/unsubscribe`, viewInBrowserBase: `https://${NEWSROOM}/editions/` },
      send: { listId: NEWSROOM, concurrency, stateDir: join(work, state) },
    }),
  );
  return config;
}

/** What a floor side (bench/send-floor.ts) sends: the bench newsletter's edition to `list`. */
export function floorJob(editionFile: string, list: string, port: number, concurrency: number): FloorJob {
  return {
    edition: editionFile,
    list,
    port,
    concurrency,
    tokenKey: TOKEN_KEY,
    from: `digest@${NEWSROOM}`,
    listId: NEWSROOM,
    unsubscribeBase: `https://${NEWSROOM}/unsubscribe`,
    viewInBrowserUrl: `https://${NEWSROOM}/editions/bench`,
  };
}
