/**
 * Where the send state of one list lives:
 *   <stateDir>/<list key>/<edition>.log      the durable send log of that edition
 *   <stateDir>/<list key>/<edition>.lock     held while a sender runs
 *   <stateDir>/<list key>/editions.jsonl     editions the list has received ("nothing new")
 * The list key joins the newsletter's List-Id, the list file's name and a short hash of
 * its resolved path, so two newsletters sharing one subscriber file, one newsletter with
 * a test list and a real list, or two lists with the same file name in different folders
 * (uk/subscribers.csv, us/subscribers.csv) keep separate books. The price: moving or
 * renaming the list file starts a new book (everyone looks unsent to it), so move lists
 * between editions, not in the middle of one.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";

export interface StatePaths {
  dir: string;
  log: string;
  lock: string;
  history: string;
}

export function listKeyFor(listId: string, listPath: string): string {
  return `${fileSafeName(listId)}--${fileSafeName(basename(listPath, extname(listPath)))}-${pathHash(listPath)}`;
}

/** 8 hex digits of the file's real path: the same file by any relative path or symlink gives the same key. */
function pathHash(listPath: string): string {
  let real: string;
  try {
    real = realpathSync(listPath);
  } catch {
    real = resolve(listPath); // not there (yet): its absolute name still tells folders apart
  }
  return createHash("sha256").update(real).digest("hex").slice(0, 8);
}

export function statePaths(stateDir: string, listKey: string, editionId: string): StatePaths {
  const dir = join(stateDir, listKey);
  const edition = fileSafeName(editionId);
  return { dir, log: join(dir, `${edition}.log`), lock: join(dir, `${edition}.lock`), history: join(dir, "editions.jsonl") };
}

/** A file-name-safe form that keeps distinct names distinct in practice. */
function fileSafeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return cleaned === "" ? "_" : cleaned.slice(0, 120);
}
