/**
 * Where the send state of one list lives:
 *   <stateDir>/<list key>/<edition>.log      the durable send log of that edition
 *   <stateDir>/<list key>/<edition>.lock     held while a sender runs
 *   <stateDir>/<list key>/editions.jsonl     editions the list has received ("nothing new")
 * The list key joins the newsletter's List-Id and the list file's name, so two
 * newsletters sharing one subscriber file, or one newsletter with a test list and a real
 * list, keep separate books. Keeping the key free of the file's folder means moving the
 * list file does not make everyone look unsent.
 */
import { basename, extname, join } from "node:path";

export interface StatePaths {
  dir: string;
  log: string;
  lock: string;
  history: string;
}

export function listKeyFor(listId: string, listPath: string): string {
  return `${slug(listId)}--${slug(basename(listPath, extname(listPath)))}`;
}

export function statePaths(stateDir: string, listKey: string, editionId: string): StatePaths {
  const dir = join(stateDir, listKey);
  const edition = slug(editionId);
  return { dir, log: join(dir, `${edition}.log`), lock: join(dir, `${edition}.lock`), history: join(dir, "editions.jsonl") };
}

/** A file-name-safe form that keeps distinct names distinct in practice. */
function slug(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return cleaned === "" ? "_" : cleaned.slice(0, 120);
}
