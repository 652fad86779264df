/**
 * `npm run bench:build`: how long `news-digest build` takes, the way a user runs it.
 *
 *   1. the seeds: `node dist/src/cli/main.js build` as a child process, so the
 *      figure includes Node's start and every import (target: 1.5 s);
 *   2. all 2,223 BBC News articles of ../shared/datasets/bbc-news (outside the
 *      repo, never copied in), topics capped by the config's limits (target: 5 s),
 *      plus an in-process breakdown by stage;
 *   3. personalising one reader's copy of a compiled edition (target: 50 µs).
 *
 * Wall-clock and CPU times are both printed: on a shared machine CPU time is the
 * steadier figure, since other people's work does not count in it.
 *
 *   node dist/bench/build.js [--runs N] [--dataset PATH]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { analyze } from "../src/analyze/index.js";
import { composeDigest } from "../src/compose/index.js";
import { defaultConfig } from "../src/config/load.js";
import { ingestPaths } from "../src/ingest/index.js";
import type { RenderedEdition } from "../src/model.js";
import { samplePersonalization } from "../src/pipeline.js";
import { loadTemplates, renderEdition } from "../src/render/index.js";
import { personalize } from "../src/render/personalize.js";

const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];

/** The repository root: the nearest folder above this script holding package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs the CLI as a child process; wall time from spawn to exit, CPU time of the child. */
function runCli(root: string, args: string[]): Timing {
  const out = mkdtempSync(join(tmpdir(), "nd-bench-"));
  try {
    // /usr/bin/time is not always there; the child reports its own CPU use on exit.
    const script = `process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu:"+(u.user+u.system)+"\\n")});await import(${JSON.stringify(join(root, "dist/src/cli/main.js"))});`;
    const start = performance.now();
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script, "main.js", "build", "--out", out, ...args], {
      cwd: root,
      encoding: "utf8",
    });
    const wall = (performance.now() - start) / 1000;
    if (child.status !== 0) throw new Error(`build failed (${child.status}):\n${child.stderr}`);
    const cpu = Number(/cpu:(\d+)/.exec(child.stderr)?.[1] ?? Number.NaN) / 1e6;
    return { wall, cpu };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function summary(label: string, timings: Timing[], target: number): string {
  const walls = timings.map((t) => t.wall).sort((a, b) => a - b);
  const cpus = timings.map((t) => t.cpu).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  const verdict = median <= target ? "within" : "OVER";
  return (
    `${label.padEnd(22)} median ${median.toFixed(2)} s wall (best ${walls[0]!.toFixed(2)} s), ` +
    `cpu median ${cpus[Math.floor(cpus.length / 2)]!.toFixed(2)} s, ${timings.length} runs: ${verdict} the ${target} s target`
  );
}

function personalizeMicros(edition: RenderedEdition, copies: number): number {
  const personalization = samplePersonalization(defaultConfig(), edition.editionId);
  personalize(edition, personalization); // the one-off split, cached per edition
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < copies; i++) {
    const copy = personalize(edition, { ...personalization, recipient: { email: `reader${i}@example.org`, name: `Reader ${i}` } });
    bytes += copy.html.length + copy.text.length;
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000 / copies;
  if (bytes === 0) throw new Error("no output");
  return micros;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, dataset: { type: "string" } } });
  const runs = Math.max(1, Number(values.runs) || 5);
  const root = repoRoot();
  const dataset = values.dataset ?? resolve(root, "../shared/datasets/bbc-news");
  const lines: string[] = [];

  // 1. Seeds, whole command.
  runCli(root, FIXED); // warm the file cache, as a machine that built yesterday has it
  const seeds = Array.from({ length: runs }, () => runCli(root, FIXED));
  lines.push(summary("seeds build (CLI)", seeds, 1.5));

  // 3 (seeds). Personalising the seeds edition.
  const templates = await loadTemplates(join(root, "templates"));
  const config = defaultConfig();
  const now = new Date("2024-06-20T07:00:00Z");
  const seedAnalysis = await analyze((await ingestPaths([join(root, "seeds")])).stories, { maxTopics: config.limits.maxTopics });
  const seedEdition = (await renderEdition(composeDigest(seedAnalysis, { config, now }), templates)).edition;
  lines.push(
    `personalize (seeds)    ${personalizeMicros(seedEdition, 20_000).toFixed(2)} µs per copy ` +
      `(${(seedEdition.html.length / 1024).toFixed(0)} KB html): target 50 µs`,
  );

  // 2. BBC News, whole command and by stage.
  if (!existsSync(dataset)) {
    lines.push(`BBC News: dataset not found at ${dataset}; not measured (it lives outside the repo, in ../shared/datasets/bbc-news)`);
  } else {
    const bbcRuns = Math.max(1, Math.min(runs, 3));
    const bbc = Array.from({ length: bbcRuns }, () => runCli(root, ["--stories", dataset, ...FIXED]));
    lines.push(summary("BBC News build (CLI)", bbc, 5));

    const t0 = performance.now();
    const ingested = await ingestPaths([dataset]);
    const t1 = performance.now();
    const analysis = await analyze(ingested.stories, { maxTopics: config.limits.maxTopics });
    const t2 = performance.now();
    const digest = composeDigest(analysis, { config, now });
    const t3 = performance.now();
    const { edition } = await renderEdition(digest, templates);
    const t4 = performance.now();
    lines.push(
      `BBC News in-process    ${ingested.stories.length} stories -> ${digest.counts.topics} topics, ${digest.counts.stories} stories shown; ` +
        `ingest ${(t1 - t0).toFixed(0)} ms, analyze ${(t2 - t1).toFixed(0)} ms, compose ${(t3 - t2).toFixed(0)} ms, ` +
        `render ${(t4 - t3).toFixed(0)} ms (mjml already loaded), ${(edition.html.length / 1024).toFixed(1)} KB html`,
    );
    lines.push(`personalize (BBC)      ${personalizeMicros(edition, 20_000).toFixed(2)} µs per copy: target 50 µs`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
