/**
 * The archive as static files, for operators who host it on a static site at
 * links.viewInBrowserBase: index.html, <edition-id>/index.html (so the emails'
 * "<base>/<edition-id>" links resolve) and feed.xml.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { atomFeed } from "./feed.js";
import { archiveIndexHtml } from "./index-page.js";
import type { ArchiveSite } from "./site.js";
import { readArchive } from "./store.js";

export interface ExportedArchive {
  outDir: string;
  /** Edition ids written, newest first. */
  editions: string[];
}

export async function exportArchive(stateDir: string, outDir: string, site: ArchiveSite, now: Date): Promise<ExportedArchive> {
  const entries = await readArchive(stateDir);
  await mkdir(outDir, { recursive: true });
  for (const copy of entries) {
    await mkdir(join(outDir, copy.editionId), { recursive: true });
    await writeFile(join(outDir, copy.editionId, "index.html"), copy.html);
  }
  await writeFile(join(outDir, "feed.xml"), atomFeed(entries, site, now));
  await writeFile(join(outDir, "index.html"), archiveIndexHtml(entries, site));
  return { outDir, editions: entries.map((entry) => entry.editionId) };
}
