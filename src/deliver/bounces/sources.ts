/**
 * Where bounce messages come from: `-` (one message on standard input, from a mail
 * pipe), a message file (.eml), a Maildir (the messages in its cur/ and new/; tmp/ holds
 * deliveries still being written), or a folder of .eml files. Messages are read, never
 * moved or flagged: a Maildir stays as the mail client or the cron job left it, and
 * reading it again is harmless (see ledger.ts).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface MessageSource {
  /** As given on the command line, or joined onto it for a message in a folder. */
  name: string;
  read(): Promise<Uint8Array>;
}

/** A path that does not exist, or is neither a message nor a folder of them. */
export class BounceSourceError extends Error {
  override name = "BounceSourceError";
}

export const STDIN = "-";

/**
 * Every message under `paths` (relative to `cwd`), folders in name order; checks them
 * all before any is read, so that a mistyped path stops the run before it starts.
 */
export async function messageSources(paths: readonly string[], cwd: string, stdin: () => Promise<Uint8Array>): Promise<MessageSource[]> {
  const sources: MessageSource[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      sources.push({ name: STDIN, read: stdin });
      continue;
    }
    const full = resolve(cwd, path);
    const kind = await kindOf(full);
    if (kind === "missing") throw new BounceSourceError(`${path}: no such file or folder`);
    if (kind === "file") {
      sources.push(fileSource(path, full));
      continue;
    }
    const isMaildir = (await kindOf(join(full, "cur"))) === "folder" || (await kindOf(join(full, "new"))) === "folder";
    const files = isMaildir
      ? [...(await filesIn(full, "cur")), ...(await filesIn(full, "new"))]
      : (await filesIn(full, ".")).filter((name) => name.toLowerCase().endsWith(".eml"));
    if (!isMaildir && files.length === 0) throw new BounceSourceError(`${path}: not a Maildir (no cur/ or new/) and no .eml files in it`);
    sources.push(...files.map((name) => fileSource(join(path, name), join(full, name))));
  }
  return sources;
}

function fileSource(name: string, full: string): MessageSource {
  return { name, read: () => readFile(full) };
}

async function kindOf(path: string): Promise<"file" | "folder" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "folder" : "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return "missing";
    throw error;
  }
}

/** Files of `sub` (relative names, dot files skipped: Maildir clients keep their own there), in name order. */
async function filesIn(folder: string, sub: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(folder, sub), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => (sub === "." ? entry.name : join(sub, entry.name)))
    .sort();
}
