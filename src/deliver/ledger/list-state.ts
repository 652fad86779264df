/**
 * A list's state folder (its edition history, see state-layout.ts), taking over what the
 * previous layout kept for the same list: that layout named the folder after the file's
 * real path, so the folder for the same file is found first, else the only folder of a
 * file with the same name. The history is copied, never moved: the old folder stays as
 * it was.
 */
import { constants, existsSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { PRIVATE_FILE_MODE } from "../../state/index.js";
import { fileSafeName, historyPath, legacyListKey, legacyPrefix, listStateDir, type ListRef } from "./state-layout.js";

/** What a list's folder holds that the previous layout held too. */
const CARRIED_OVER = ["editions.jsonl", "contents.jsonl"];

export async function openListState(stateDir: string, listId: string, list: ListRef): Promise<string> {
  const dir = listStateDir(stateDir, listId, list.name);
  if (CARRIED_OVER.some((file) => existsSync(join(dir, file)))) return dir;
  const legacy = await legacyListDir(stateDir, listId, list);
  if (legacy === undefined) return dir;
  await mkdir(dir, { recursive: true });
  for (const file of CARRIED_OVER) {
    try {
      await copyFile(join(legacy, file), join(dir, file), constants.COPYFILE_EXCL);
      await chmod(join(dir, file), PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && (error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return dir;
}

async function legacyListDir(stateDir: string, listId: string, list: ListRef): Promise<string | undefined> {
  const exact = join(stateDir, legacyListKey(listId, list.path));
  if (existsSync(historyPath(exact))) return exact;
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch {
    return undefined;
  }
  const sameName = `${legacyPrefix(listId)}${fileSafeName(basename(list.path, extname(list.path)))}-`;
  const candidates = names.filter((name) => name.startsWith(sameName) && /^[0-9a-f]{8}$/.test(name.slice(sameName.length)));
  return candidates.length === 1 ? join(stateDir, candidates[0]!) : undefined;
}
