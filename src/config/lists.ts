/**
 * Which list `--list X` means, and what to call it. X is a name from the config's
 * `send.lists`, or a file; a file the config names is called by the config's name for
 * it, any other by its file name. The name keys the list's edition history and is what
 * reports show, so it must not change when the file is copied or the run starts
 * elsewhere: it never holds a folder or a hash of one.
 */
import { realpathSync } from "node:fs";
import { basename, resolve } from "node:path";

export interface ListRef {
  /** As the user named the list: the config's name, else the file name ("subscribers.csv"). */
  name: string;
  /** The file, absolute. */
  path: string;
}

export function listRefFor(lists: Readonly<Record<string, string>>, given: string, cwd: string): ListRef {
  const configured = lists[given];
  if (configured !== undefined) return { name: given, path: configured };
  const path = resolve(cwd, given);
  const real = realPath(path);
  for (const [name, file] of Object.entries(lists)) if (file === path || realPath(file) === real) return { name, path };
  return { name: basename(path), path };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
