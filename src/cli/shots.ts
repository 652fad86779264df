/**
 * `news-digest shots`: builds the edition (same options as `build`) and writes
 * screenshots next to it, at 375 px (a phone) and 800 px (a desktop pane), in
 * light and dark mode. `--edition DIR` shoots an edition already built instead.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { screenshotEdition } from "../app/shots/index.js";
import { BUILD_OPTIONS, buildAndReport, buildArgs } from "./build.js";
import { defineCommand, EXIT, terminalSafe } from "./kit/index.js";

export const shotsCommand = defineCommand({
  name: "shots",
  summary: "build, then screenshot the edition at 375 and 800 px",
  usage: "[--edition DIR | build options] [story paths...]",
  about: `Writes shot-375.png, shot-800.png, shot-375-dark.png and shot-800-dark.png next to
the edition's index.html. Without --edition, builds first, as \`news-digest build\` does.`,
  options: {
    edition: { type: "string", value: "DIR", description: "shoot this edition folder, already built, instead of building" },
    ...BUILD_OPTIONS,
  },
  positionals: true,
  async run({ values, positionals, io, say }) {
    let dir = values.edition;
    if (dir === undefined) {
      const args = buildArgs(values, positionals, () => new Date());
      const { code, outcome } = await buildAndReport({ ...args, json: false }, io);
      if (code !== EXIT.done || !outcome) return code;
      dir = outcome.paths.dir;
    }
    let html: string;
    try {
      html = await readFile(join(dir, "index.html"), "utf8");
    } catch {
      // Only --edition can name a folder without one: a path that is not there is bad input.
      say(`${terminalSafe(join(dir, "index.html"))}: not found (run news-digest build first)`);
      return EXIT.usage;
    }
    try {
      for (const dark of [false, true]) {
        for (const shot of await screenshotEdition(html, dir, { dark })) io.stdout(relative(io.cwd, shot.file) + "\n");
      }
    } catch (error) {
      say((error as Error).message);
      return EXIT.failed;
    }
    return EXIT.done;
  },
});
