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
 * With --queue: the queue (1, 2 and 4 workers) beside the local send and raw (send-queue.ts).
 *
 *   node dist/bench/send.js [--recipients N] [--memory-recipients N] [--concurrency N] [--rounds N] [--queue [--appendfsync always|everysec]]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BENCH_DIR, benchEdition, exec, floorJob, loadAverage, MAIN, median, repoRoot, say, startSink, TOKEN_KEY, USAGE_HOOK, writeBenchConfig, writeList } from "./support/send-parts.js";

type Side = "compose" | "raw" | "ours";
const SIDES: Side[] = ["compose", "raw", "ours"];

interface Measured {
  sent: number;
  seconds: number;
  cpuMsPerMessage: number;
  maxRssMb: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recipients: { type: "string", default: "5000" },
      "memory-recipients": { type: "string", default: "100000" },
      concurrency: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      dataset: { type: "string" },
      queue: { type: "boolean" },
      appendfsync: { type: "string", default: "always" },
    },
  });
  const count = Math.max(1, Number(values.recipients) || 5000);
  const memoryCount = Math.max(0, Number(values["memory-recipients"]) || 0);
  const concurrency = Math.max(1, Number(values.concurrency) || 5);
  const rounds = Math.max(1, Number(values.rounds) || 3);
  const dataset = values.dataset ?? resolve(repoRoot(), "../shared/datasets/bbc-news");
  if (values.queue) {
    const { benchQueue } = await import("./send-queue.js");
    if (values.appendfsync !== "always" && values.appendfsync !== "everysec") throw new Error(`--appendfsync: always or everysec, got ${values.appendfsync}`);
    return benchQueue({ count, memoryCount, concurrency, rounds, dataset, appendfsync: values.appendfsync });
  }

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
  const args = side === "ours" ? await oursArgs(run) : [join(BENCH_DIR, "send-floor.js"), side, JSON.stringify(floorJob(run.editionFile, run.list, run.port, run.concurrency))];
  const started = performance.now();
  const { code, stdout, stderr } = await exec(process.execPath, ["--import", USAGE_HOOK, ...args], env);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${side} exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as { cpuMicros: number; maxRssKb: number };
  const sent = side === "ours" ? oursSent(stdout, run) : (JSON.parse(stdout.trim().split("\n").pop()!) as { sent: number }).sent;
  return { sent, seconds, cpuMsPerMessage: usage.cpuMicros / 1000 / Math.max(1, sent), maxRssMb: usage.maxRssKb / 1024 };
}

async function oursArgs(run: SideRun): Promise<string[]> {
  const config = await writeBenchConfig(run.work, `state-${run.tag}`, run.concurrency);
  return [MAIN(), "send", "--edition", run.editionFile, "--list", run.list, "--config", config, "--smtp", `smtp://127.0.0.1:${run.port}`, "--json", ...run.extra];
}

function oursSent(stdout: string, run: SideRun): number {
  const report = JSON.parse(stdout) as { sent?: number; wouldSend?: number };
  return run.extra.includes("--dry-run") ? (report.wouldSend ?? 0) : (report.sent ?? 0);
}


const rate = (r: Measured) => r.sent / r.seconds;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:send: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
