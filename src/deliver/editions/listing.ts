/**
 * What `news-digest editions` shows: per list, every edition built or sent,
 * with its date, story count, and how its sending went. Read-only; it joins
 * three records that already exist instead of keeping a fourth:
 *   - contents.jsonl (this folder's record): what each build contained;
 *   - editions.jsonl (the list's send history): which editions went out;
 *   - <edition>.log (the edition's ledger): who got each edition, who failed and why.
 * The ledger is the newsletter's, not the list's: a reader on two lists gets one copy, so
 * the counts are the edition's over every list of the newsletter.
 */
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { plural } from "../../text/index.js";
import { ledgerPaths, listHistory, newsletterStateDir } from "../ledger/index.js";
import { Mark, replaySendLog, type LogRecord } from "../ledger/index.js";
import { readEditionContents, type RecordProblem } from "./record.js";

export interface EditionListing {
  editionId: string;
  /** When it was last built for this list (ISO), if a build was recorded. */
  builtAt: string | null;
  /** When its first send run started (ISO), or null if it never went out. */
  sentAt: string | null;
  stories: number;
  /** built: never sent; sent: the last run finished; interrupted: the last run did not finish (run send again). */
  status: "built" | "sent" | "interrupted";
  /** Recipients confirmed delivered (current round). */
  delivered: number;
  /** Permanent failures (current round). */
  failed: number;
  /** Temporary failures that used up their retries; the next run retries them. */
  deferred: number;
  /** Handed to SMTP by an interrupted run without an answer recorded. */
  uncertain: number;
  /** Send runs recorded (a resume after a crash is a second run). */
  runs: number;
  /** Up to FAILURES_SHOWN permanent failures with their reasons. */
  failures: { email: string; reason: string }[];
}

export interface ListListing {
  /** The list as the user named it: the config's name, else the file name ("subscribers.csv"). */
  list: string;
  editions: EditionListing[];
}

export const FAILURES_SHOWN = 10;

/** Where a newsletter's records are: the state folder and the newsletter's List-Id. */
export interface NewsletterState {
  stateDir: string;
  listId: string;
}

/**
 * Every list of the newsletter with a record under `stateDir`, each with its editions
 * oldest first; `only` names the lists wanted, by their folder (see openListState).
 */
export async function listEditions(newsletter: NewsletterState, only?: readonly string[]): Promise<{ lists: ListListing[]; problems: RecordProblem[] }> {
  const listsDir = join(newsletterStateDir(newsletter.stateDir, newsletter.listId), "lists");
  let entries;
  try {
    entries = await readdir(listsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lists: [], problems: [] };
    throw error;
  }
  const lists: ListListing[] = [];
  const problems: RecordProblem[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const listDir = join(listsDir, entry.name);
    if (only && !only.includes(listDir)) continue;
    const listing = await listOne(newsletter, entry.name, listDir, problems);
    if (listing.editions.length > 0) lists.push(listing);
  }
  return { lists, problems };
}

async function listOne(newsletter: NewsletterState, name: string, listDir: string, problems: RecordProblem[]): Promise<ListListing> {
  const contents = readEditionContents(listDir);
  problems.push(...contents.problems);
  const history = await listHistory(listDir, { write: false }).read();
  const ids = [...new Set([...contents.editions.keys(), ...history.map((h) => h.edition)])];
  const editions: EditionListing[] = [];
  for (const editionId of ids) {
    const built = contents.editions.get(editionId);
    const sent = history.find((h) => h.edition === editionId);
    const listing: EditionListing = {
      editionId,
      builtAt: built?.at ?? null,
      sentAt: sent?.at ?? null,
      stories: sent?.stories.length ?? built?.stories.length ?? 0,
      status: sent ? "sent" : "built",
      delivered: 0,
      failed: 0,
      deferred: 0,
      uncertain: 0,
      runs: 0,
      failures: [],
    };
    if (sent) await addSendLog(listing, ledgerPaths(newsletter.stateDir, newsletter.listId, editionId).log, problems);
    editions.push(listing);
  }
  // Oldest first, by when each edition was built (or first sent, when no build was recorded).
  editions.sort((a, b) => (a.builtAt ?? a.sentAt ?? "").localeCompare(b.builtAt ?? b.sentAt ?? ""));
  return { list: name, editions };
}

/** Counts from the send log's own replay; failure reasons from its "failed" records. */
async function addSendLog(listing: EditionListing, path: string, problems: RecordProblem[]): Promise<void> {
  let state;
  try {
    state = await replaySendLog(path);
  } catch (error) {
    problems.push({ file: path, line: 0, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  listing.runs = state.runs;
  if (state.runs > 0 && !state.lastRunEnded) listing.status = "interrupted";
  for (const mark of state.marks.values()) {
    if (mark === Mark.Sent) listing.delivered++;
    else if (mark === Mark.FailedPermanently) listing.failed++;
    else if (mark === Mark.Deferred) listing.deferred++;
    else if (mark === Mark.Attempting) listing.uncertain++;
  }
  if (listing.failed > 0) listing.failures = await permanentFailures(path, state.round, state.marks);
}

async function permanentFailures(path: string, round: number, marks: ReadonlyMap<string, Mark>): Promise<EditionListing["failures"]> {
  const reasons = new Map<string, string>();
  let currentRound = -1;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const text of lines) {
    let record: LogRecord;
    try {
      record = JSON.parse(text) as LogRecord;
    } catch {
      continue; // the replay above already judged the file
    }
    if (record.ev === "run") currentRound = record.round;
    else if (record.ev === "failed" && record.perm && currentRound === round && marks.get(record.to) === Mark.FailedPermanently) {
      reasons.set(record.to, record.why);
    }
  }
  return [...reasons].slice(0, FAILURES_SHOWN).map(([email, reason]) => ({ email, reason }));
}

/** The text form: one block per list, one line per edition, failures indented under it. */
export function formatEditions(lists: readonly ListListing[]): string {
  if (lists.length === 0) return "no editions recorded yet\n";
  const out: string[] = [];
  for (const list of lists) {
    out.push(list.list);
    for (const e of list.editions) {
      const parts = [
        e.editionId,
        e.builtAt ? `built ${shortTime(e.builtAt)}` : null,
        e.sentAt ? `sent ${shortTime(e.sentAt)}` : "not sent",
        plural(e.stories, "story", "stories"),
      ];
      if (e.sentAt) {
        parts.push(`${count(e.delivered)} delivered`, `${count(e.failed)} failed`);
        if (e.deferred > 0) parts.push(`${count(e.deferred)} deferred`);
        if (e.uncertain > 0) parts.push(`${count(e.uncertain)} uncertain`);
        if (e.status === "interrupted") parts.push("INTERRUPTED: run send again to finish");
      }
      out.push(`  ${parts.filter((p) => p !== null).join("  ")}`);
      for (const f of e.failures) out.push(`      ${f.email}: ${f.reason}`);
      if (e.failed > e.failures.length) out.push(`      ... and ${count(e.failed - e.failures.length)} more`);
    }
  }
  return out.join("\n") + "\n";
}

/** "2024-06-20 07:00Z": minutes are enough to tell runs apart. */
function shortTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 16).replace("T", " ") + "Z";
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

