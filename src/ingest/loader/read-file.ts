import { readFile, stat } from "node:fs";
import { promisify } from "node:util";

/**
 * Reads one file whole, unless it is larger than `maxBytes`: the size is
 * checked before reading, so a huge file costs one stat and no memory.
 *
 * Uses the callback API (promisified) rather than fs/promises: its FileHandle
 * round trips made reading 2,223 small articles about three times slower.
 */
export type ReadBytes = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const statFile = promisify(stat);
const readWhole = promisify(readFile);

export async function readFileBytes(path: string, maxBytes: number): Promise<ReadBytes> {
  try {
    const info = await statFile(path);
    if (!info.isFile()) return { ok: false, message: "not a regular file: expected a story file" };
    if (info.size > maxBytes) return { ok: false, message: `file too large (${formatBytes(info.size)}): expected a story file of at most ${formatBytes(maxBytes)}; skipped unread` };
    return { ok: true, bytes: await readWhole(path) };
  } catch (error) {
    return { ok: false, message: describeFsError(error) };
  }
}

/** A file-system error as a person would say it, without Node's syscall details. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "path does not exist: expected a story file or a folder of them";
    case "EACCES":
    case "EPERM":
      return "permission denied: expected a readable file or folder";
    case "EISDIR":
      return "is a folder: expected a file";
    case "ELOOP":
      return "symbolic link loop: expected a file or folder";
    default:
      return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
