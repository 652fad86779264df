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
import { listArchive, readWebCopy } from "./store.js";

export interface ExportedArchive {
  outDir: string;
  /** Edition ids written, newest first. */
  editions: string[];
}

export async function exportArchive(stateDir: string, outDir: string, site: ArchiveSite, now: Date): Promise<ExportedArchive> {
  const entries = await listArchive(stateDir);
  await mkdir(outDir, { recursive: true });
  for (const entry of entries) {
    const copy = await readWebCopy(stateDir, entry.editionId);
    if (!copy) continue; // removed while exporting: the index below still names it, as the archive did
    await mkdir(join(outDir, entry.editionId), { recursive: true });
    await writeFile(join(outDir, entry.editionId, "index.html"), copy.html);
  }
  await writeFile(join(outDir, "feed.xml"), atomFeed(entries, site, now));
  await writeFile(join(outDir, "index.html"), archiveIndexHtml(entries, site));
  return { outDir, editions: entries.map((entry) => entry.editionId) };
}
