/**
 * The web archive's store: one JSON file per sent edition, `<stateDir>/archive/<edition-id>.json`,
 * holding its public web copy. Each file is written whole to a temporary name and
 * renamed into place, so a reader (serve, the static export) never sees half of one.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writePrivateFile } from "../../state/index.js";

/** One edition as the archive shows it: no reader's data anywhere in it. */
export interface WebCopy {
  editionId: string;
  /** The newsletter's name. */
  newsletter: string;
  /** The edition's subject line: its title in the archive and the feed. */
  subject: string;
  /** YYYY-MM-DD in the newsletter's zone. */
  date: string;
  /** The date as the edition prints it: "Thursday 20 June 2024". */
  dateLabel: string;
  /** ISO instant the edition was first sent. */
  sentAt: string;
  /** The preheader: a line on what the edition holds. */
  summary: string;
  /** BCP 47 language of the edition. */
  language: string;
  /** The web copy: the email as a reader saw it, without the reader. */
  html: string;
  text: string;
}

/** What the archive's index and feed need of an edition (its copy left out). */
export type ArchiveEntry = Omit<WebCopy, "html" | "text">;

/**
 * Edition ids are "<date>-<slug>": letters, digits and dashes. Anything else is refused
 * before it comes near a file name, and no id can be "feed.xml" or "..".
 */
export function isEditionId(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(value);
}

export function archiveDir(stateDir: string): string {
  return join(stateDir, "archive");
}

function copyPath(stateDir: string, editionId: string): string {
  return join(archiveDir(stateDir), `${editionId}.json`);
}

/**
 * Keeps `copy` as the edition's web copy, unless the edition already has one: the archive
 * shows an edition as it first went out (a resend with --force does not change it).
 * Returns the copy the archive holds.
 */
export async function recordWebCopy(stateDir: string, copy: WebCopy): Promise<WebCopy> {
  if (!isEditionId(copy.editionId)) throw new Error(`archive: "${copy.editionId}" is not an edition id`);
  const existing = await readWebCopy(stateDir, copy.editionId);
  if (existing) return existing;
  await mkdir(archiveDir(stateDir), { recursive: true });
  await writePrivateFile(copyPath(stateDir, copy.editionId), JSON.stringify(copy) + "\n");
  return copy;
}

/** The edition's web copy, or null when the archive has none (or the id is not an edition id). */
export async function readWebCopy(stateDir: string, editionId: string): Promise<WebCopy | null> {
  if (!isEditionId(editionId)) return null;
  let text: string;
  try {
    text = await readFile(copyPath(stateDir, editionId), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const copy = parseWebCopy(text);
  return copy?.editionId === editionId ? copy : null;
}

/** Every archived edition, newest first (by date, then by when it was sent). */
export async function listArchive(stateDir: string): Promise<ArchiveEntry[]> {
  return (await readArchive(stateDir)).map(({ html: _html, text: _text, ...entry }) => entry);
}

/** Every archived edition with its copy, newest first. */
export async function readArchive(stateDir: string): Promise<WebCopy[]> {
  let names: string[];
  try {
    names = await readdir(archiveDir(stateDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const ids = names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length)).filter(isEditionId);
  const copies = await Promise.all(ids.map((id) => readWebCopy(stateDir, id)));
  return copies
    .filter((copy): copy is WebCopy => copy !== null)
    .sort((a, b) => b.date.localeCompare(a.date) || b.sentAt.localeCompare(a.sentAt) || a.editionId.localeCompare(b.editionId));
}

const STRING_FIELDS = ["editionId", "newsletter", "subject", "date", "dateLabel", "sentAt", "summary", "language", "html", "text"] as const;

/** A file that is not a whole web copy (edited by hand, from another version) is left out, not served half-read. */
function parseWebCopy(text: string): WebCopy | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  return STRING_FIELDS.every((field) => typeof record[field] === "string") ? (record as unknown as WebCopy) : null;
}
