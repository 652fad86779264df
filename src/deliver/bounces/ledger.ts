/**
 * What the bounce reader remembers between runs, beside the suppression list:
 * `<stateDir>/<List-Id>/bounces.jsonl`, one line per recipient of each report it acted on.
 * It makes a run over the same Maildir (or the same report piped twice) change nothing
 * the second time, and it counts soft bounces:
 *   - a report already acted on for an address is recognised by the report's Message-ID;
 *   - a soft bounce counts once per original message (a server's "delayed" warning and
 *     its final 4.x.x failure of the same message are one bounce, not two), and the
 *     count starts over after a delivery report or a suppression.
 * Two runs at once (a mail pipe and a cron job) can at worst both write one line: the
 * counts are of distinct messages, and suppressing twice writes once (see ../suppressions).
 */
import { join } from "node:path";
import { Journal, type JournalWarn } from "../../state/index.js";

export type BounceRecord =
  | { ev: "hard"; dsn: string; address: string; at: string; status: string }
  /** `message`: the original's Message-ID (else the report's); `suppressed`: this one made three. */
  | { ev: "soft"; dsn: string; address: string; at: string; status: string; message: string; suppressed?: true }
  | { ev: "delivered"; dsn: string; address: string; at: string };

export const SOFT_BOUNCES_TO_SUPPRESS = 3;

export class BounceLedger {
  private readonly done = new Set<string>();
  /** Address key -> the original messages that soft-bounced since the last delivery or suppression. */
  private readonly streaks = new Map<string, Set<string>>();

  private constructor(private readonly journal: Journal) {}

  static async open(folder: string, warn: JournalWarn): Promise<BounceLedger> {
    const ledger = new BounceLedger(await Journal.open(join(folder, "bounces.jsonl"), warn));
    ledger.catchUp();
    return ledger;
  }

  /** Whether the report `dsn` was acted on already for this address. */
  seen(dsn: string, key: string): boolean {
    this.catchUp();
    return this.done.has(`${dsn} ${key}`);
  }

  /** Soft bounces in a row for this address, counting `message` too. */
  streakWith(key: string, message: string): number {
    this.catchUp();
    return new Set(this.streaks.get(key)).add(message).size;
  }

  /** `record.address` is the address key (lower case, punycode domain), as seen() and streakWith() take it. */
  async record(record: BounceRecord): Promise<void> {
    await this.journal.append(record);
    this.catchUp();
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  private catchUp(): void {
    this.journal.readNew({
      restart: () => {
        this.done.clear();
        this.streaks.clear();
      },
      line: (value, line) => {
        const record = value as Partial<BounceRecord> | null;
        if (!record || typeof record.dsn !== "string" || typeof record.address !== "string" || !["hard", "soft", "delivered"].includes(String(record.ev))) {
          this.journal.warnAt(line, "not a bounce record; skipped");
          return;
        }
        this.apply(record as BounceRecord);
      },
    });
  }

  private apply(record: BounceRecord): void {
    const key = record.address;
    this.done.add(`${record.dsn} ${key}`);
    if (record.ev === "soft" && !record.suppressed) {
      const streak = this.streaks.get(key) ?? new Set<string>();
      this.streaks.set(key, streak.add(record.message));
    } else {
      this.streaks.delete(key);
    }
  }
}
