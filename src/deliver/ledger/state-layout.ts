/**
 * Where send state lives under the state folder:
 *
 *   <stateDir>/<newsletter>/editions/<edition>.log     the ledger of one edition: who was
 *   <stateDir>/<newsletter>/editions/<edition>.lock    tried, sent, failed, deferred; held
 *                                                      while a sender writes to it
 *   <stateDir>/<newsletter>/lists/<list>/editions.jsonl  editions the list received
 *   <stateDir>/<newsletter>/lists/<list>/contents.jsonl  what each edition held, story by story
 *   <stateDir>/<newsletter>/lists/<list>/schedule.lock   held while a scheduled run works on the list
 *
 * <newsletter> is the List-Id. The ledger is keyed by newsletter and edition, and inside
 * it by reader address: never by a list file's path. So a list file copied, hard-linked
 * or moved, a run from another directory, or one reader on two lists of the newsletter
 * cannot make anyone a second copy. <list> is the list's name as the user gave it (the
 * config's name for it, else the file name): the edition history, which picks each
 * list's new stories, stays per list.
 *
 * The layout before this one kept everything per list file:
 * <stateDir>/<List-Id>--<file name>-<hash of the file's real path>/; legacy.ts reads it.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
export type { ListRef } from "../../config/index.js";

export interface LedgerPaths {
  log: string;
  lock: string;
}

/** The folder of one newsletter's state. */
export function newsletterStateDir(stateDir: string, listId: string): string {
  return join(stateDir, fileSafeName(listId));
}

export function ledgerPaths(stateDir: string, listId: string, editionId: string): LedgerPaths {
  const dir = join(newsletterStateDir(stateDir, listId), "editions");
  const edition = fileSafeName(editionId);
  return { log: join(dir, `${edition}.log`), lock: join(dir, `${edition}.lock`) };
}

/** The folder of one list's edition history. */
export function listStateDir(stateDir: string, listId: string, listName: string): string {
  return join(newsletterStateDir(stateDir, listId), "lists", fileSafeName(listName));
}

export function historyPath(listDir: string): string {
  return join(listDir, "editions.jsonl");
}

/** The folder name the previous layout gave a list file (see the header). */
export function legacyListKey(listId: string, listPath: string): string {
  return `${legacyPrefix(listId)}${fileSafeName(basename(listPath, extname(listPath)))}-${legacyPathHash(listPath)}`;
}

/** What every legacy folder of a newsletter starts with. */
export function legacyPrefix(listId: string): string {
  return `${fileSafeName(listId)}--`;
}

/** The previous layout's log of one edition in one legacy list folder. */
export function legacyLogPath(legacyListDir: string, editionId: string): string {
  return join(legacyListDir, `${fileSafeName(editionId)}.log`);
}

function legacyPathHash(listPath: string): string {
  let real: string;
  try {
    real = realpathSync(listPath);
  } catch {
    real = resolve(listPath);
  }
  return createHash("sha256").update(real).digest("hex").slice(0, 8);
}

/** A file-name-safe form that keeps distinct names distinct in practice. */
export function fileSafeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return cleaned === "" ? "_" : cleaned.slice(0, 120);
}
