/**
 * State files that hold something a stranger on the machine should not read (readers'
 * addresses, a feed's contents fetched with a password) are created owner-only.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";

/** rw for the owner, nothing for anyone else. */
export const PRIVATE_FILE_MODE = 0o600;

/** Writes `text` to a temporary file (owner-only) and renames it over `path`, so a crash never leaves half a file. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { mode: PRIVATE_FILE_MODE });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
