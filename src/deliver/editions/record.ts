/**
 * What each edition of a list contained, story by story, with the version of
 * each story (its date, a live blog's post count) so that a later edition can
 * tell an updated story from one already sent.
 *
 * Which editions reached the list is not kept here: the list's send history
 * (editions.jsonl in the list's state folder, written when a send starts) is the
 * one record of that, and the edition's ledger holds who got what. This
 * file adds only what those lack: the story versions. It sits beside the history as
 * contents.jsonl, one JSON line per build, each
 * written with one O_APPEND write and flushed; a torn last line after a crash
 * is skipped on reading.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Story } from "../../model.js";
import { PRIVATE_FILE_MODE } from "../../state/index.js";

/** What an edition remembers of a story: enough to tell later whether it changed. */
export interface EditionStoryRef {
  id: string;
  headline?: string;
  /** The story's updatedAt (or publishedAt) when it went out. */
  updatedAt?: string;
  /** Live blogs: how many posts it had when it went out. */
  posts?: number;
  /** True when an earlier edition carried it and it changed since (the window's "updated"). */
  updated?: boolean;
}

/** One build of an edition for a list. A rebuild of the same edition replaces the earlier one. */
export interface EditionContents {
  editionId: string;
  /** The "now" the edition was built for (ISO). */
  at: string;
  /** The stories the edition carried: shown, or listed under "More in". */
  stories: EditionStoryRef[];
  /**
   * Ids of stories chosen for the edition that it could not carry (held back for
   * the email's size): the next edition takes them whatever their date.
   */
  heldBack?: string[];
}

export interface RecordProblem {
  file: string;
  line: number;
  message: string;
}

export function storyRef(story: Story): EditionStoryRef {
  const ref: EditionStoryRef = { id: story.id, headline: story.headline };
  const updatedAt = story.updatedAt ?? story.publishedAt;
  if (updatedAt !== undefined) ref.updatedAt = updatedAt;
  if (story.posts !== undefined) ref.posts = story.posts.length;
  return ref;
}

export function contentsPath(listDir: string): string {
  return join(listDir, "contents.jsonl");
}

/**
 * Appends one build's contents, flushed to disk before returning. `stories` are those
 * the edition carried; `updated` names the ones that came back changed; `heldBack`
 * the ones it was built from but could not carry.
 */
export function recordEditionContents(
  listDir: string,
  editionId: string,
  at: Date,
  stories: readonly Story[],
  updated: ReadonlySet<string> = new Set(),
  heldBack: readonly string[] = [],
): EditionContents {
  const refs = stories.map((story) => (updated.has(story.id) ? { ...storyRef(story), updated: true } : storyRef(story)));
  const contents: EditionContents = { editionId, at: at.toISOString(), stories: refs };
  if (heldBack.length > 0) contents.heldBack = [...heldBack];
  const path = contentsPath(listDir);
  mkdirSync(listDir, { recursive: true });
  const fd = openSync(path, "a", PRIVATE_FILE_MODE);
  try {
    // One write call with O_APPEND: concurrent appenders never interleave inside a line.
    writeSync(fd, `${JSON.stringify(contents)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return contents;
}

/** The latest contents of every edition built for the list, keyed by edition id, in order of first build. */
export function readEditionContents(listDir: string): { editions: Map<string, EditionContents>; problems: RecordProblem[] } {
  const file = contentsPath(listDir);
  const editions = new Map<string, EditionContents>();
  const problems: RecordProblem[] = [];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") problems.push({ file, line: 0, message: `cannot read (${(error as Error).message})` });
    return { editions, problems };
  }
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ file, line: index + 1, message: "not a complete JSON line (torn by a crash?): skipped" });
      return;
    }
    const contents = asContents(value);
    if (contents) editions.set(contents.editionId, contents);
    else problems.push({ file, line: index + 1, message: "expected {editionId, at, stories}: skipped" });
  });
  return { editions, problems };
}

function asContents(value: unknown): EditionContents | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record["editionId"] !== "string" || typeof record["at"] !== "string" || !Array.isArray(record["stories"])) return undefined;
  const stories = (record["stories"] as unknown[]).filter(
    (s): s is EditionStoryRef => typeof s === "object" && s !== null && typeof (s as { id?: unknown }).id === "string",
  );
  const contents: EditionContents = { editionId: record["editionId"], at: record["at"], stories };
  const heldBack = record["heldBack"];
  if (Array.isArray(heldBack)) contents.heldBack = heldBack.filter((id): id is string => typeof id === "string");
  return contents;
}
