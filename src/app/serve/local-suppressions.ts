/**
 * A minimal suppression store, until deliver/suppressions lands: one append-only log
 * per list, `<stateDir>/serve-unsubscribes/<list-id>.jsonl`, each line an "add" or a
 * "remove", each append on disk (O_DSYNC, group commit) before it resolves. Read back
 * by replaying the lines; a line cut short by a crash is skipped.
 */
import { open as openFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DurableAppender } from "../../state/index.js";
import type { SuppressionRecord, SuppressionStore } from "./suppression-store.js";

type LogLine = ({ op: "add" } & SuppressionRecord) | { op: "remove"; address: string; at: string };

export function localSuppressionsPath(stateDir: string, listId: string): string {
  // encodeURIComponent leaves no "/" and the suffix no bare "." or "..": the name stays in its folder.
  return join(stateDir, "serve-unsubscribes", `${encodeURIComponent(listId)}.jsonl`);
}

export async function openLocalSuppressions(stateDir: string, listId: string): Promise<SuppressionStore> {
  const path = localSuppressionsPath(stateDir, listId);
  await mkdir(join(stateDir, "serve-unsubscribes"), { recursive: true });
  const current = new Map<string, SuppressionRecord>();
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : Promise.reject(error)));
  for (const line of (text ?? "").split("\n")) replay(current, line);
  const log = await DurableAppender.open(path);
  if (text === null) await syncFolder(join(stateDir, "serve-unsubscribes")); // the new file's name, durable too
  // A crash mid-line left no newline: end that line, or the next record would be glued to it.
  if (text !== null && text !== "" && !text.endsWith("\n")) await log.append("\n");

  return {
    has: (address) => current.has(address.toLowerCase()),
    async add(record) {
      const line: LogLine = { op: "add", ...record, address: record.address.toLowerCase() };
      await log.append(JSON.stringify(line) + "\n");
      current.set(line.address, { ...record, address: line.address });
    },
    async remove(address) {
      const line: LogLine = { op: "remove", address: address.toLowerCase(), at: new Date().toISOString() };
      await log.append(JSON.stringify(line) + "\n");
      current.delete(line.address);
    },
    list: () => [...current.values()],
    close: () => log.close(),
  };
}

function replay(current: Map<string, SuppressionRecord>, line: string): void {
  if (line.trim() === "") return;
  let entry: LogLine;
  try {
    entry = JSON.parse(line) as LogLine;
  } catch {
    return;
  }
  if (typeof entry.address !== "string") return;
  if (entry.op === "remove") current.delete(entry.address);
  else if (entry.op === "add") {
    const { op: _op, ...record } = entry;
    current.set(entry.address, record);
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await openFile(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
