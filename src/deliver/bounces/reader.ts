/**
 * What one bounce means for the list, and doing it: a report for a message we sent
 * that says the mailbox is gone suppresses the recipient at once (the same rule as a
 * refusal at send time: ../suppressions/failure.ts); any other failure or delay counts
 * as a soft bounce, and SOFT_BOUNCES_TO_SUPPRESS of them in a row suppress; a delivery
 * report starts the count over. Each message gives one outcome per recipient it names
 * (a newsletter message has one), or one saying why it was ignored.
 */
import { addressKey, checkAddress } from "../../text/index.js";
import { mailboxGone, newsletterStateDir, openSuppressions, type NewSuppression, type SuppressionList } from "../suppressions/index.js";
import { readDsn, type DsnRecipient } from "./dsn.js";
import { BounceLedger, SOFT_BOUNCES_TO_SUPPRESS } from "./ledger.js";
import { originOf, type NewsletterIdentity } from "./ours.js";

export type BounceAction = "suppressed" | "soft-bounce" | "delivered" | "already-processed" | "ignored" | "unreadable";

export interface BounceOutcome {
  /** The file (or "-" for standard input) the message came from. */
  source: string;
  action: BounceAction;
  address?: string;
  detail: string;
}

export interface BounceReaderOptions {
  warn: (message: string) => void;
  now?: () => Date;
}

const DELIVERED_ACTIONS = new Set(["delivered", "relayed", "expanded"]);

export async function openBounceReader(stateDir: string, identity: NewsletterIdentity, options: BounceReaderOptions): Promise<BounceReader> {
  const suppressions = await openSuppressions(stateDir, identity.listId, { warn: options.warn });
  try {
    const ledger = await BounceLedger.open(newsletterStateDir(stateDir, identity.listId), options.warn);
    return new BounceReader(suppressions, ledger, identity, options.now ?? (() => new Date()));
  } catch (error) {
    await suppressions.close();
    throw error;
  }
}

export class BounceReader {
  constructor(
    private readonly suppressions: SuppressionList,
    private readonly ledger: BounceLedger,
    private readonly identity: NewsletterIdentity,
    private readonly now: () => Date,
  ) {}

  /** Reads one message and acts on it; resolves once what it changed is on disk. */
  async read(source: string, raw: Uint8Array): Promise<BounceOutcome[]> {
    let dsn;
    try {
      dsn = await readDsn(raw);
    } catch (error) {
      return [{ source, action: "unreadable", detail: error instanceof Error ? error.message : String(error) }];
    }
    if (dsn === null) return [{ source, action: "ignored", detail: "not a delivery status notification" }];
    if (dsn.recipients.length === 0) return [{ source, action: "ignored", detail: "the report names no recipient" }];
    const origin = originOf(dsn.original, this.identity);
    const outcomes: BounceOutcome[] = [];
    for (const recipient of dsn.recipients) {
      const base = { source, address: recipient.address };
      if (!origin.ours) outcomes.push({ ...base, action: "ignored", detail: origin.why });
      else outcomes.push({ ...base, ...(await this.act(dsn.id, recipient, dsn.original?.messageId ?? dsn.id, origin.editionId)) });
    }
    return outcomes;
  }

  close(): Promise<void> {
    return Promise.all([this.suppressions.close(), this.ledger.close()]).then(() => undefined);
  }

  private async act(dsn: string, recipient: DsnRecipient, message: string, editionId: string | undefined): Promise<Pick<BounceOutcome, "action" | "detail">> {
    const checked = checkAddress(recipient.address);
    if (!checked.ok) return { action: "ignored", detail: checked.reason };
    const key = addressKey(checked.email);
    if (this.ledger.seen(dsn, key)) return { action: "already-processed", detail: `report ${dsn}` };
    const at = this.now().toISOString();
    const status = recipient.status;
    const diagnostic = recipient.diagnostic ?? "";

    if (DELIVERED_ACTIONS.has(recipient.action)) {
      await this.ledger.record({ ev: "delivered", dsn, address: key, at });
      return { action: "delivered", detail: "soft-bounce count starts over" };
    }
    const bounce: NewSuppression = { address: checked.email, reason: "bounced", at, status: status || "unknown" };
    if (editionId !== undefined) bounce.editionId = editionId;

    if (recipient.action === "failed" && status.startsWith("5") && mailboxGone(status, diagnostic)) {
      const before = this.suppressions.get(key);
      const entry = await this.suppressions.add({ ...bounce, diagnostic });
      await this.ledger.record({ ev: "hard", dsn, address: key, at, status });
      const already = before && before.reason === entry.reason ? `; already suppressed since ${before.at}` : "";
      return { action: "suppressed", detail: `bounced ${status}${diagnostic ? `: ${diagnostic}` : ""}${already}` };
    }

    const streak = this.ledger.streakWith(key, message);
    const what = `${recipient.action} ${status || "without a status"}`;
    if (streak < SOFT_BOUNCES_TO_SUPPRESS) {
      await this.ledger.record({ ev: "soft", dsn, address: key, at, status, message });
      return { action: "soft-bounce", detail: `${what}, ${streak} of ${SOFT_BOUNCES_TO_SUPPRESS}` };
    }
    // Suppressed first, then recorded: a crash in between replays this report, and suppressing again writes nothing.
    await this.suppressions.add({ ...bounce, diagnostic: `${SOFT_BOUNCES_TO_SUPPRESS} soft bounces in a row; the last: ${diagnostic || what}` });
    await this.ledger.record({ ev: "soft", dsn, address: key, at, status, message, suppressed: true });
    return { action: "suppressed", detail: `${SOFT_BOUNCES_TO_SUPPRESS} soft bounces in a row (the last ${what})` };
  }
}

/** One line for a person: "new/1717.M1.host: suppressed ann@example.org (bounced 5.1.1: ...)". */
export function formatOutcome(outcome: BounceOutcome): string {
  return `${outcome.source}: ${outcome.action.replace("-", " ")}${outcome.address ? ` ${outcome.address}` : ""} (${outcome.detail})`;
}
