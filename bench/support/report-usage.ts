/**
 * Loaded with `node --import` into every measured side of a benchmark: when the
 * process exits, its own CPU time and peak RSS go to the file named by
 * BENCH_USAGE_FILE. Each side is a whole process, measured the same way, and no
 * side's garbage can slow another.
 */
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS }));
  });
}
