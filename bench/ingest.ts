/**
 * `npm run bench:ingest`: how long ingest takes on the 2,223 BBC News articles
 * of ../shared/datasets/bbc-news (outside the repo, never copied in). Times the
 * work only, not Node's start: one warm-up run, then several timed runs.
 *
 *   node dist/bench/ingest.js [--runs N] [--dataset PATH]
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ingestPaths } from "../src/ingest/index.js";

/** The repository root: the nearest folder above this script holding package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" }, dataset: { type: "string" } } });
  const dataset = values.dataset ?? resolve(repoRoot(), "../shared/datasets/bbc-news");
  if (!existsSync(dataset)) {
    process.stderr.write(`bench:ingest: dataset not found at ${dataset}; nothing measured (it lives outside the repo, in ../shared/datasets/bbc-news)\n`);
    return 1;
  }
  const runs = Math.max(1, Number(values.runs) || 7);

  // The first run is what a one-shot `news-digest` invocation pays: code not yet optimised, files not yet cached.
  const warmUp = performance.now();
  const warmUpCpu = process.cpuUsage();
  const result = await ingestPaths([dataset]);
  const firstCpu = process.cpuUsage(warmUpCpu);
  const firstSeconds = (performance.now() - warmUp) / 1000;

  // Wall-clock seconds, and CPU seconds of this process: on a shared machine the
  // second is the steadier figure, since other people's work does not count in it.
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await ingestPaths([dataset]);
    const cpu = process.cpuUsage(cpuStart);
    seconds.push((performance.now() - start) / 1000);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  seconds.sort((a, b) => a - b);
  cpuSeconds.sort((a, b) => a - b);
  const median = middle(seconds);

  const files = new Set(result.stories.map((s) => s.origin.file)).size + new Set(result.errors.map((e) => e.file)).size;
  const lines = [
    `dataset   ${dataset}`,
    `files     ${files}`,
    `stories   ${result.stories.length}`,
    `errors    ${result.errors.length}`,
    `first run ${firstSeconds.toFixed(3)} s, cpu ${((firstCpu.user + firstCpu.system) / 1e6).toFixed(3)} s (cold: code not yet optimised)`,
    `best      ${(seconds[0] ?? 0).toFixed(3)} s of ${runs} runs`,
    `median    ${median.toFixed(3)} s`,
    `cpu       ${(cpuSeconds[0] ?? 0).toFixed(3)} s best, ${middle(cpuSeconds).toFixed(3)} s median (user + system)`,
    `target    < 1 s: median ${median < 1 ? "met" : "NOT met"}, first run ${firstSeconds < 1 ? "met" : "NOT met"}`,
  ];
  for (const error of result.errors.slice(0, 5)) lines.push(`  ${error.file}${error.line === undefined ? "" : `:${error.line}`}: ${error.message}`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

function middle(sorted: number[]): number {
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] ?? 0 : ((sorted[half - 1] ?? 0) + (sorted[half] ?? 0)) / 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:ingest: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
