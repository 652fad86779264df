/**
 * `npm run bench:startup`: how much of a command's time is Node and its heaviest
 * dependency, and how much is ours. Two pairs of whole processes, each pair run
 * side by side in alternating order so that a burst of load on a shared machine
 * hits both sides alike:
 *
 *   1. `node -e 0` (Node's own start)             vs `news-digest editions` in an empty folder
 *   2. a script that only does `await import("mjml")` vs `news-digest build` of the seeds
 *
 * Prints the median wall time of each side and their ratio (targets: 2x and 1.3x),
 * with the load average before and after, since a busy machine stretches every figure.
 * Builds nothing itself: the npm script runs tsc first.
 *
 *   node dist/bench/startup.js [--runs N]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The repository root: the nearest folder above this script holding package.json (works from bench/ and dist/bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

interface Side {
  label: string;
  args: string[];
  cwd: string;
}

/** Wall seconds from spawn to exit; a failing run is an error, not a fast figure. */
function timeRun(side: Side): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, side.args, { cwd: side.cwd, encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`${side.label} failed (${child.status}):\n${child.stderr}`);
  return seconds;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs both sides `runs` times, A first on even runs and B first on odd ones, after one warm-up each. */
function comparePair(base: Side, ours: Side, runs: number, target: number): string {
  timeRun(base); // warm the file cache (and ours, the template cache), as on a machine used yesterday
  timeRun(ours);
  const times = { base: [] as number[], ours: [] as number[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      times.base.push(timeRun(base));
      times.ours.push(timeRun(ours));
    } else {
      times.ours.push(timeRun(ours));
      times.base.push(timeRun(base));
    }
  }
  const [a, b] = [median(times.base), median(times.ours)];
  const ratio = b / a;
  return (
    `${ours.label.padEnd(12)} ${b.toFixed(3)} s vs ${base.label} ${a.toFixed(3)} s: ` +
    `${ratio.toFixed(2)}x (target ${target}x: ${ratio <= target ? "within" : "OVER"})`
  );
}

const loadAverage = (): string => loadavg().map((n) => n.toFixed(2)).join(" ");

function main(): number {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
  const runs = Math.max(1, Number(values.runs) || 10);
  const root = repoRoot();
  const cli = join(root, "dist/src/cli/main.js");
  const empty = mkdtempSync(join(tmpdir(), "nd-startup-"));
  const out = mkdtempSync(join(tmpdir(), "nd-startup-out-"));
  const lines = [`load average before: ${loadAverage()}; medians of ${runs} alternated runs, wall time`];
  try {
    lines.push(
      comparePair(
        { label: "node -e 0", args: ["-e", "0"], cwd: empty },
        { label: "editions", args: [cli, "editions"], cwd: empty },
        runs,
        2,
      ),
    );
    lines.push(
      comparePair(
        // Run from the root so that "mjml" resolves as it does for the CLI.
        { label: "import('mjml')", args: ["--input-type=module", "-e", 'await import("mjml")'], cwd: root },
        { label: "build", args: [cli, "build", "--out", out, "--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"], cwd: root },
        runs,
        1.3,
      ),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
  lines.push(`load average after: ${loadAverage()}`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

process.exitCode = main();
