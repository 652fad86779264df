/**
 * The Ledger seam (../ledger/ledger.ts) on Redis, for a fleet of workers: one edition's
 * readers, claimed atomically before a message leaves and recorded after (scripts.ts).
 *
 * Durability: a claim is as durable as Redis makes its writes. With AOF and
 * `appendfsync always` every acknowledged claim survives a Redis crash, so after any
 * crash duplicates are at most the messages in flight in what died. With `everysec`,
 * a crash of Redis itself may also forget the last second of claims and outcomes: no
 * reader is skipped (a forgotten outcome is re-sent), but that second's readers may
 * get a second copy. The README says which to choose.
 */
import type { Claim, Ledger, LedgerHistory, Outcome, ReaderStanding } from "../ledger/index.js";
import type { EditionKeys, NewsletterKeys } from "./keys.js";
import type { ScriptedRedis } from "./scripts.js";

/** A failure's line in the report, as stored with the edition. */
export interface FailureDetail {
  email: string;
  line: number;
  reason: string;
  permanent: boolean;
  code?: number;
}

/** How a failure bears on the fleet, beyond the reader. */
export interface FailureEffects {
  /** A refusal that may be the server's fault: written off only once a later message goes through. */
  unsettled?: boolean;
  /** Counts toward the streak that pauses the newsletter. */
  streak?: boolean;
  /** The reader's first sender may have delivered it (its job was given up after stalling). */
  uncertain?: boolean;
}

const STANDINGS: Record<string, ReaderStanding> = { q: "new", c: "claimed", s: "sent", f: "failed", d: "deferred", x: "failed" };

export class RedisLedger implements Ledger {
  /** A shared ledger has no runs of its own: every worker's claims are one long run. */
  readonly history: LedgerHistory = { runs: 0, round: 0, newRound: false, interrupted: false };
  readonly keys: EditionKeys;
  private readonly known = new Map<string, ReaderStanding>();

  constructor(
    private readonly redis: ScriptedRedis,
    private readonly newsletter: NewsletterKeys,
    readonly editionId: string,
  ) {
    this.keys = newsletter.edition(editionId);
  }

  /** Reads the standing of many readers at once, for standing(). */
  async prefetch(readers: readonly string[]): Promise<void> {
    if (readers.length === 0) return;
    const states = await this.redis.hmget(this.keys.readers, ...readers);
    readers.forEach((reader, i) => this.known.set(reader, STANDINGS[states[i] ?? ""] ?? "new"));
  }

  /** As last read (prefetch): the claim, not this, is what decides whether a message leaves. */
  standing(reader: string): ReaderStanding {
    return this.known.get(reader) ?? "new";
  }

  async claim(reader: string): Promise<Claim> {
    return this.claimJob(reader, 0);
  }

  /** The claim of a queued job: "settled" when a newer job stands for the reader (only the newest may send). */
  async claimJob(reader: string, generation: number): Promise<Claim> {
    const { readers, counts, uncertain, gen } = this.keys;
    return (await this.redis.ndClaim(readers, counts, this.newsletter.suppressed, this.newsletter.paused, uncertain, gen, reader, String(generation))) as Claim;
  }

  async record(reader: string, outcome: Outcome, detail?: Omit<FailureDetail, "permanent" | "reason" | "code">): Promise<void> {
    if (outcome.status === "sent") {
      await this.change(reader, "s", "");
      return;
    }
    const failure: FailureDetail = { email: detail?.email ?? reader, line: detail?.line ?? 0, reason: outcome.reason, permanent: outcome.permanent, ...(outcome.code ? { code: outcome.code } : {}) };
    await this.recordFailure(reader, failure);
  }

  /** A failure, with what it means for the fleet; resolves with the streak when it counts toward one. */
  async recordFailure(reader: string, failure: FailureDetail, effects: FailureEffects = {}): Promise<number> {
    return this.change(reader, failure.permanent ? "f" : "d", JSON.stringify(failure), effects);
  }

  /** Not sent, to be tried again by a BullMQ retry: the reader is queued, not in flight. */
  async release(reader: string): Promise<void> {
    await this.change(reader, "r", "");
  }

  /**
   * A shared ledger cannot tell, when opened, a dead worker's claim from a live one's:
   * its claims say so instead ("reclaimed"), and the edition's uncertain count keeps them.
   */
  unconfirmed(): string[] {
    return [];
  }

  /** Every claim and outcome was written when it resolved. */
  async close(): Promise<void> {}

  private change(reader: string, status: string, detail: string, effects: FailureEffects = {}): Promise<number> {
    const { readers, counts, unsettled, failures, uncertain } = this.keys;
    const flag = (on: boolean | undefined): string => (on ? "1" : "0");
    return this.redis.ndOutcome(
      readers,
      counts,
      unsettled,
      failures,
      this.newsletter.streak,
      this.newsletter.paused,
      uncertain,
      reader,
      status,
      detail,
      flag(effects.unsettled),
      flag(effects.streak),
      flag(effects.uncertain),
    );
  }
}
