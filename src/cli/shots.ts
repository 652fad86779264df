/**
 * `news-digest shots`: builds the edition (same options as `build`) and writes
 * screenshots next to it, at 375 px (a phone) and 800 px (a desktop pane), in
 * light and dark mode. `--edition DIR` shoots an edition already built instead.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { screenshotEdition } from "../app/shots/index.js";
import { BUILD_OPTIONS, BUILD_USAGE, buildArgs, explainFailure, report, runBuildWith } from "./build.js";

const USAGE = `usage: news-digest shots [--edition DIR | build options]

Writes shot-375.png, shot-800.png, shot-375-dark.png and shot-800-dark.png next to
the edition's index.html. Without --edition, builds first (see below).

${BUILD_USAGE}`;

export async function runShots(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...BUILD_OPTIONS, edition: { type: "string" } } });
  } catch (error) {
    process.stderr.write(`news-digest shots: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  let dir = parsed.values.edition;
  if (dir === undefined) {
    const args = buildArgs(parsed.values, parsed.positionals, () => new Date());
    if (typeof args === "string") {
      process.stderr.write(`news-digest shots: ${args}\n`);
      return 2;
    }
    try {
      const outcome = await runBuildWith(args);
      const code = report(outcome, { ...args, json: false });
      if (code !== 0) return code;
      dir = outcome.paths.dir;
    } catch (error) {
      const explained = explainFailure(error);
      if (explained === undefined) throw error;
      process.stderr.write(explained + "\n");
      return 1;
    }
  }
  let html: string;
  try {
    html = await readFile(join(dir, "index.html"), "utf8");
  } catch {
    process.stderr.write(`news-digest shots: ${join(dir, "index.html")}: not found (run news-digest build first)\n`);
    return 1;
  }
  try {
    for (const dark of [false, true]) {
      for (const shot of await screenshotEdition(html, dir, { dark })) {
        process.stdout.write(relative(process.cwd(), shot.file) + "\n");
      }
    }
  } catch (error) {
    process.stderr.write(`news-digest shots: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}
