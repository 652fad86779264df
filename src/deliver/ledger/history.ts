/**
 * Which editions a list has received, for the "nothing new" rule: a scheduled run whose
 * edition holds no story that the previous edition to the same list did not already hold
 * sends nothing and exits 0. One JSON line per edition in the list's state folder
 * (editions.jsonl, see state-layout.ts), appended before the edition's first reader is
 * claimed, so a run that crashed halfway still counts as "sent" for this purpose.
 */
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RenderedEdition } from "../../model.js";
import { DurableAppender } from "../../state/index.js";
import { historyPath } from "./state-layout.js";

/** One list's edition history, as a run uses it. */
export interface ListHistory {
  read(): Promise<EditionSent[]>;
  record(entry: EditionSent): Promise<void>;
}

/** The history in `listDir`; without `write` (a dry run), record() keeps nothing. */
export function listHistory(listDir: string, options: { write: boolean }): ListHistory {
  const path = historyPath(listDir);
  return {
    read: () => readHistory(path),
    record: options.write ? (entry) => recordEdition(path, entry) : async () => undefined,
  };
}

export interface EditionSent {
  edition: string;
  stories: string[];
  at: string;
}

export async function readHistory(path: string): Promise<EditionSent[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries: EditionSent[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as EditionSent;
      if (typeof entry.edition === "string" && Array.isArray(entry.stories)) entries.push(entry);
    } catch {
      // A torn last line from a crash; the entries before it are intact.
    }
  }
  return entries;
}

export async function recordEdition(path: string, entry: EditionSent): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await DurableAppender.open(path);
  try {
    await file.append(JSON.stringify(entry) + "\n");
  } finally {
    await file.close();
  }
}

/**
 * The edition this one adds nothing to, if any: the most recent other edition sent to
 * the list, when every story of `edition` was already in it. Stories in `updated` (the
 * same story id with newer content, e.g. a live blog with new posts, as the edition
 * window reports them) count as new. An edition with no stories has nothing new.
 */
export function nothingNewSince(
  edition: RenderedEdition,
  history: readonly EditionSent[],
  updated: readonly string[] = [],
): { previous: string | null } | null {
  if (edition.storyIds.length === 0) return { previous: null };
  const changed = new Set(updated);
  if (edition.storyIds.some((id) => changed.has(id))) return null;
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.edition === edition.editionId) continue;
    const seen = new Set(entry.stories);
    return edition.storyIds.every((id) => seen.has(id)) ? { previous: entry.edition } : null;
  }
  return null;
}
