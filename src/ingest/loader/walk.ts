import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import type { InputError } from "../../model.js";
import { describeFsError } from "./read-file.js";

/**
 * The files to read for a list of paths given by the user. A file named
 * explicitly is always read; a folder is walked recursively in name order (so
 * every run and every machine sees the same order), taking the files whose
 * extension is a story format and leaving out hidden entries and the usual
 * documentation files (README, LICENSE, ...), which sit beside stories but are
 * not stories.
 */

export const STORY_EXTENSIONS: ReadonlySet<string> = new Set([".txt", ".md", ".markdown", ".json", ".xml", ".rss", ".atom", ".rdf"]);

const DOCUMENTATION = /^(?:readme|license|licence|changelog|changes|contributing|copying|notice|authors)(?:\.[^.]*)?$/i;

export interface Listing {
  /** Paths as the user gave them, joined with the names found below folders. */
  files: string[];
  errors: InputError[];
}

export async function listStoryFiles(paths: string[]): Promise<Listing> {
  const listing: Listing = { files: [], errors: [] };
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    listing.files.push(file);
  };

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      listing.errors.push({ file: path, message: describeFsError(error) });
      continue;
    }
    if (info.isFile()) add(path);
    else if (info.isDirectory()) {
      const found = { files: [] as string[], skipped: 0 };
      await walk(path, found, listing.errors, new Set());
      if (found.files.length === 0) {
        const skipped = found.skipped === 0 ? "" : ` (${found.skipped} other file${found.skipped === 1 ? "" : "s"} skipped)`;
        listing.errors.push({ file: path, message: `folder has no stories: expected ${[...STORY_EXTENSIONS].join(", ")} files in it or below${skipped}` });
      }
      found.files.forEach(add);
    } else listing.errors.push({ file: path, message: "not a regular file or folder: expected a story file or a folder of them" });
  }
  return listing;
}

async function walk(dir: string, found: { files: string[]; skipped: number }, errors: InputError[], visited: Set<string>): Promise<void> {
  // Real paths of the folders on the way down, so a symbolic link back up the tree cannot loop.
  let real: string;
  let entries;
  try {
    real = await realpath(dir);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ file: dir, message: describeFsError(error) });
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        const dangling = (error as { code?: string }).code === "ENOENT";
        errors.push({ file: path, message: dangling ? "broken symbolic link: expected it to point to a file or folder" : describeFsError(error) });
        continue;
      }
    }
    if (isDirectory) await walk(path, found, errors, visited);
    else if (isFile && STORY_EXTENSIONS.has(extname(entry.name).toLowerCase()) && !DOCUMENTATION.test(entry.name)) found.files.push(path);
    else found.skipped++;
  }
  visited.delete(real);
}
