/**
 * Reads the send logs of the previous state layout (one folder per list file, see
 * ../state-layout.ts), so that upgrading never resends an edition: what those logs
 * confirmed for an edition, merged over every list of the newsletter, becomes the
 * starting state of the edition's ledger, and is written into it as one synthetic run
 * before the ledger's first record. The old files are left where they are.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { legacyLogPath, legacyPrefix } from "./state-layout.js";
import type { LogRecord } from "./log-records.js";
import { Mark, replaySendLog, type LogState } from "./send-log.js";

export interface LegacyState {
  state: LogState;
  /** The records that put `state` into the new ledger. */
  records: LogRecord[];
  /** The logs it came from, for the message. */
  files: string[];
}

/** Of two marks for one reader in different lists, the one that keeps the promise: confirmed before uncertain before deferred. */
const PRECEDENCE: readonly Mark[] = [Mark.Sent, Mark.FailedPermanently, Mark.Attempting, Mark.Deferred];

export async function readLegacyLedger(stateDir: string, listId: string, editionId: string, stories: readonly string[], now: Date): Promise<LegacyState | undefined> {
  let names: string[];
  try {
    names = (await readdir(stateDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const prefix = legacyPrefix(listId);
  const marks = new Map<string, Mark>();
  const files: string[] = [];
  let ended = true;
  let paused = false;
  for (const name of names.filter((n) => n.startsWith(prefix) && /-[0-9a-f]{8}$/.test(n)).sort()) {
    const file = legacyLogPath(join(stateDir, name), editionId);
    const state = await replaySendLog(file);
    if (state.runs === 0) continue;
    files.push(file);
    ended &&= state.lastRunEnded;
    paused ||= state.lastRunPaused;
    for (const [reader, mark] of state.marks) {
      const had = marks.get(reader);
      if (had === undefined || PRECEDENCE.indexOf(mark) < PRECEDENCE.indexOf(had)) marks.set(reader, mark);
    }
  }
  if (files.length === 0) return undefined;
  const records: LogRecord[] = [{ ev: "run", run: 1, round: 0, at: now.toISOString(), pid: process.pid, stories: [...stories] }];
  let sent = 0;
  let failed = 0;
  for (const [to, mark] of marks) {
    if (mark === Mark.Sent || mark === Mark.Attempting) records.push({ ev: "try", to, line: 0 });
    if (mark === Mark.Sent) {
      records.push({ ev: "sent", to });
      sent++;
    } else if (mark === Mark.FailedPermanently || mark === Mark.Deferred) {
      records.push({ ev: "failed", to, perm: mark === Mark.FailedPermanently, why: "recorded by the previous state layout" });
      if (mark === Mark.FailedPermanently) failed++;
    }
  }
  if (ended) records.push({ ev: "end", run: 1, sent, failed, ...(paused ? { paused: "paused under the previous state layout" } : {}) });
  return { state: { runs: 1, round: 0, lastRunEnded: ended, lastRunPaused: ended && paused, marks }, records, files };
}
