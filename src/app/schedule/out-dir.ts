import { join } from "node:path";
import type { ListRef } from "../../config/index.js";
import { fileSafeListName } from "../../deliver/ledger/index.js";

/** Where a list's editions are written: <outDir>/<list name>/, named as the user named the list. */
export function editionOutDir(outDir: string, list: ListRef): string {
  return join(outDir, fileSafeListName(list.name));
}
