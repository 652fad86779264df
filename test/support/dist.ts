// Vitest globalSetup: compiles src/ into dist/ once per run, for the few tests that must
// run the real binary in a child process (a crash, a signal, the exit code of the process
// itself). Skipped when dist/ is newer than every source: even an incremental tsc takes
// seconds to find that nothing changed.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** tsc's incremental state; its time stamp says when dist/ was last brought up to date. */
const BUILD_INFO = join(ROOT, "dist/.tsbuildinfo");
const INPUTS = ["src", "bench", "tsconfig.json", "package.json"];

export default function buildDist(): void {
  if (existsSync(BUILD_INFO) && newestInput() < statSync(BUILD_INFO).mtimeMs) return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
  // tsc leaves the file alone when no output changed (a source saved unchanged): mark dist/ current.
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}

function newestInput(): number {
  const newest = (path: string): number => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
  };
  return Math.max(...INPUTS.map((input) => newest(join(ROOT, input))));
}
