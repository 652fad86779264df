/**
 * One newsletter's suppression list: the addresses it never mails again, and why.
 * `<stateDir>/<List-Id>/suppressions.jsonl`, append-only, every line fsync'd, owner-only
 * (it is a list of readers' addresses). It is the newsletter's, not a list file's: a
 * reader who unsubscribed stays unsubscribed whichever list file names them.
 *
 * Several writers: `send` (a 5.1.1 at send time), `bounces` (from cron or a mail pipe),
 * `serve` (one-click unsubscribes) and the `suppressions` command may all hold the list
 * open at once.
 *   - In one process, operations on one address run one after another (a check, then a
 *     write, never interleaved); operations on different addresses share disk flushes.
 *   - Across processes, every line is one atomic append, and the set held in memory is
 *     always the replay of the file's lines in file order: before every answer the store
 *     looks whether the file grew (one fstat) and replays the new lines. So a long send
 *     run skips a reader who unsubscribed through `serve` a minute ago, and a decision
 *     taken on a stale view is settled by the replay rules (records.ts), which make
 *     two processes' adds and removes of one address come out as if one had gone first.
 */
import { join } from "node:path";
import { addressKey, checkAddress } from "../../text/index.js";
import { Journal, type JournalWarn } from "../../state/index.js";
import { isReason, parseRecord, replaces, REASONS, type Reason, type Suppression, type SuppressionRecord } from "./records.js";

/** What add() takes: `at` defaults to now. */
export interface NewSuppression {
  address: string;
  reason: Reason;
  at?: Date | string;
  editionId?: string;
  status?: string;
  diagnostic?: string;
}

export interface RemoveOptions {
  /** Lift the suppression only if it is for one of these reasons (a resubscribe: ["unsubscribed"]). */
  onlyReasons?: readonly Reason[];
  at?: Date;
}

export interface OpenOptions {
  /** Where `file:line:` problems go; process warnings by default. */
  warn?: JournalWarn;
}

/** An address or reason that cannot go on the list: one line, for the command to print. */
export class SuppressionError extends Error {
  override name = "SuppressionError";
}

/** The folder of one newsletter's own state (suppressions, bounces), named after its List-Id. */
export function newsletterStateDir(stateDir: string, listId: string): string {
  const folder = listId.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return join(stateDir, folder === "" ? "_" : folder);
}

export function suppressionsPath(stateDir: string, listId: string): string {
  return join(newsletterStateDir(stateDir, listId), "suppressions.jsonl");
}

export async function openSuppressions(stateDir: string, listId: string, options: OpenOptions = {}): Promise<SuppressionList> {
  const warn = options.warn ?? ((message: string) => process.emitWarning(message, "SuppressionsWarning"));
  const list = new SuppressionList(await Journal.open(suppressionsPath(stateDir, listId), warn));
  list.catchUp();
  return list;
}

export class SuppressionList {
  /** Address key -> the suppression in force: the replay of the file so far. */
  private readonly current = new Map<string, Suppression>();
  /** Address key -> the tail of that address's queue of operations. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly journal: Journal) {}

  get path(): string {
    return this.journal.path;
  }

  has(address: string): boolean {
    return this.get(address) !== undefined;
  }

  get(address: string): Suppression | undefined {
    this.catchUp();
    return this.current.get(keyOf(address));
  }

  /** Every suppressed address, oldest first. */
  list(): Suppression[] {
    this.catchUp();
    return [...this.current.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Suppresses an address; resolves, once it is on disk, with the suppression in force.
   * An address already suppressed keeps its first reason (nothing is written), unless
   * that was an unsubscribe and this is not (see replaces()).
   */
  async add(entry: NewSuppression): Promise<Suppression> {
    const suppression = validated(entry);
    return this.serially(keyOf(suppression.address), async (key) => {
      this.catchUp();
      if (!replaces(this.current.get(key), suppression)) return this.current.get(key)!;
      await this.journal.append({ ev: "add", ...suppression } satisfies SuppressionRecord);
      this.catchUp();
      return this.current.get(key) ?? suppression;
    });
  }

  /** Lifts an address's suppression; resolves with what was lifted, or undefined when nothing was (none, or another reason). */
  remove(address: string, options: RemoveOptions = {}): Promise<Suppression | undefined> {
    return this.serially(keyOf(address), async (key) => {
      this.catchUp();
      const lifted = this.current.get(key);
      if (!lifted || (options.onlyReasons && !options.onlyReasons.includes(lifted.reason))) return undefined;
      const at = (options.at ?? new Date()).toISOString();
      await this.journal.append({ ev: "remove", address: lifted.address, at, reason: lifted.reason } satisfies SuppressionRecord);
      this.catchUp();
      return lifted;
    });
  }

  /** Waits for every write so far, then closes the file. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
    await this.journal.close();
  }

  /** Replays whatever lines were appended (by anyone) since the last look. */
  catchUp(): void {
    this.journal.readNew({
      restart: () => this.current.clear(),
      line: (value, line) => {
        const record = parseRecord(value);
        if (typeof record === "string") this.journal.warnAt(line, record);
        else apply(this.current, record);
      },
    });
  }

  /** Runs `operation` after every earlier one on the same address has finished. */
  private serially<T>(key: string, operation: (key: string) => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(() => operation(key));
    const tail = result.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return result;
  }
}

function apply(current: Map<string, Suppression>, record: SuppressionRecord): void {
  const key = keyOf(record.address);
  if (record.ev === "remove") {
    if (record.reason === undefined || current.get(key)?.reason === record.reason) current.delete(key);
    return;
  }
  const { ev: _ev, ...suppression } = record;
  if (replaces(current.get(key), suppression)) current.set(key, suppression);
}

/** The key the send pipe uses for a reader (punycode domain, lower case); a string that is no address is keyed as it is. */
function keyOf(address: string): string {
  const checked = checkAddress(address);
  return addressKey(checked.ok ? checked.email : address.trim());
}

function validated(entry: NewSuppression): Suppression {
  const checked = checkAddress(entry.address);
  if (!checked.ok) throw new SuppressionError(checked.reason);
  if (!isReason(entry.reason)) throw new SuppressionError(`unknown reason "${String(entry.reason)}": expected ${REASONS.join(", ")}`);
  const at = entry.at === undefined ? new Date() : new Date(entry.at);
  if (Number.isNaN(at.getTime())) throw new SuppressionError(`"${String(entry.at)}" is not a time`);
  const suppression: Suppression = { address: checked.email, reason: entry.reason, at: at.toISOString() };
  if (entry.editionId !== undefined) suppression.editionId = entry.editionId;
  if (entry.status !== undefined) suppression.status = entry.status;
  if (entry.diagnostic !== undefined) suppression.diagnostic = oneLine(entry.diagnostic);
  return suppression;
}

/** Server text goes into a one-line listing: no line breaks, and not a page of it. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 500);
}
