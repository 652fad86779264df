/** `news-digest archive --out DIR`: the web archive as static files; the work is ../app/archive/. */
import { resolve } from "node:path";
import { loadConfig } from "../config/index.js";
import { archiveSiteFrom, exportArchive } from "../app/archive/index.js";
import { CONFIG_OPTION, defineCommand, EXIT, STATE_OPTION, UsageError } from "./kit/index.js";

export const archiveCommand = defineCommand({
  name: "archive",
  summary: "write the web archive (index, web copies, Atom feed) as static files",
  usage: "--out DIR [options]",
  about: `Writes DIR/index.html, DIR/<edition-id>/index.html and DIR/feed.xml from the editions
sent so far, for hosting at links.viewInBrowserBase on a static site.`,
  options: {
    out: { type: "string", value: "DIR", description: "folder to write the archive to" },
    config: CONFIG_OPTION,
    state: STATE_OPTION,
  },
  async run({ values, io }) {
    const { config } = await loadConfig(values.config, io.cwd);
    if (values.out === undefined) throw new UsageError("--out DIR is required: where to write the archive");
    const stateDir = resolve(io.cwd, values.state ?? config.send.stateDir);
    const exported = await exportArchive(stateDir, resolve(io.cwd, values.out), archiveSiteFrom(config), new Date());
    io.stdout(`${exported.outDir}: ${exported.editions.length} edition${exported.editions.length === 1 ? "" : "s"}, index.html, feed.xml\n`);
    return EXIT.done;
  },
});
