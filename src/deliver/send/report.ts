/** The report of a list run, for people (text) and for machines (--json), and the exit status it means. */
import { fmt } from "./progress.js";

export interface Counters {
  /** Rows read so far (including invalid ones and duplicates). */
  rows: number;
  sent: number;
  failed: number;
  deferred: number;
  /** Recipients skipped because an earlier run settled them. */
  skipped: number;
  /** Recipients not mailed because the newsletter suppressed them (unsubscribed, bounced). */
  suppressed: number;
}

export interface FailedRecipient {
  email: string;
  line: number;
  code?: number;
  reason: string;
  /** false: temporary failure after all retries; the next run tries again. */
  permanent: boolean;
}

export type SendOutcome = "sent" | "already-sent" | "nothing-new" | "paused" | "dry-run";

export interface SendReport {
  edition: string;
  /** The list as the user named it: the config's name for it, else its file name. */
  list: string;
  outcome: SendOutcome;
  /** 0 for the first send of this edition, +1 per --force. */
  round: number;
  /** Distinct valid addresses read from the list. */
  recipients: number;
  sent: number;
  /** Permanent failures in this run (details capped at REPORT_DETAIL_LIMIT). */
  failedCount: number;
  failed: FailedRecipient[];
  /** Temporary failures that used up their retries in this run; retried next run. */
  deferredCount: number;
  deferred: FailedRecipient[];
  /** Permanent failures recorded by earlier runs; not retried without --force. */
  failedEarlier: number;
  invalidCount: number;
  invalid: { line: number; reason: string }[];
  duplicatesAvoided: number;
  /** Readers on the newsletter's suppression list (unsubscribed, bounced): never mailed. */
  suppressed: number;
  /** Their addresses (lower-cased), in list order, capped at REPORT_DETAIL_LIMIT. */
  suppressedAddresses: string[];
  /** Readers who already have this edition (from this list or another list of the newsletter). */
  alreadySent: number;
  /**
   * Recipients an interrupted earlier run had handed to SMTP without recording the
   * answer: each may have received the message already. They are sent again (so nobody
   * is skipped); this is the upper bound on duplicates.
   */
  uncertain: number;
  /** Whether the previous run of this edition was interrupted. */
  interrupted: boolean;
  /** Dry run: how many a real run would send to now... */
  wouldSend?: number;
  /** ...and who, in list order. */
  wouldSendTo?: string[];
  pausedReason?: string;
  /** "nothing-new": the edition that already carried every story (null: no stories). */
  nothingNewSince?: string | null;
  elapsedMs: number;
}

/** Per-kind detail kept in the report; the counts are always complete. */
export const REPORT_DETAIL_LIMIT = 1000;

/**
 * Exit status for a finished run: 75 (EX_TEMPFAIL) when the run must be repeated (paused,
 * or readers deferred), else 1 when anyone failed for good. "Run it again" wins: a
 * scheduler that sees 1 would not resume, and the readers not yet reached would be skipped.
 */
export function exitCodeFor(report: SendReport): number {
  if (report.outcome === "paused" || report.deferredCount > 0) return 75;
  if (report.failedCount > 0) return 1;
  return 0;
}

/** Detail lines shown per kind in the text report; the JSON report keeps more. */
const SHOWN = 20;

export function formatReport(report: SendReport): string {
  const out: string[] = [];
  const head = `edition ${report.edition} to list ${report.list}${report.round > 0 ? ` (round ${report.round + 1}, forced)` : ""}`;
  switch (report.outcome) {
    case "nothing-new":
      return report.nothingNewSince
        ? `${head}: nothing new since edition ${report.nothingNewSince}; nothing sent\n`
        : `${head}: the edition has no stories; nothing sent\n`;
    case "already-sent":
      out.push(
        `${head}: already sent to ${fmt(report.alreadySent)} of ${fmt(report.recipients)}` +
          (report.failedEarlier > 0 ? ` (${fmt(report.failedEarlier)} failed permanently earlier)` : "") +
          "; nothing to send",
      );
      break;
    case "dry-run": {
      out.push(`${head}: dry run, nothing sent`);
      out.push(`  would send:          ${fmt(report.wouldSend ?? 0)}`);
      const to = report.wouldSendTo ?? [];
      for (const address of to.slice(0, SHOWN)) out.push(`    ${address}`);
      more(out, to.length, SHOWN);
      if (report.suppressed > 0) {
        out.push(`  not sent (suppressed): ${fmt(report.suppressed)}`);
        for (const address of report.suppressedAddresses.slice(0, SHOWN)) out.push(`    ${address}`);
        more(out, report.suppressed, SHOWN);
      }
      break;
    }
    case "paused":
      out.push(`${head}: PAUSED: ${report.pausedReason ?? "stopped"}`);
      // Said from the counts, not promised in the pause reason: readers in flight when
      // the run paused are settled after it, and some may be bad addresses.
      out.push(
        report.failedCount === 0
          ? "  nobody was written off: every reader not yet reached is tried on the next run"
          : `  ${fmt(report.failedCount)} written off for good in this run (under "failed"); every other reader not yet reached is tried on the next run`,
      );
      break;
    case "sent":
      out.push(`${head}: done`);
      break;
  }
  if (report.outcome !== "dry-run") out.push(`  sent:                ${fmt(report.sent)}`);
  out.push(`  failed:              ${fmt(report.failedCount)}`);
  for (const f of report.failed.slice(0, SHOWN)) out.push(`    ${f.email} (line ${f.line}): ${f.reason}`);
  more(out, report.failedCount, SHOWN);
  if (report.deferredCount > 0) {
    out.push(`  deferred:            ${fmt(report.deferredCount)} (temporary failures; run again to retry them)`);
    for (const f of report.deferred.slice(0, SHOWN)) out.push(`    ${f.email} (line ${f.line}): ${f.reason}`);
    more(out, report.deferredCount, SHOWN);
  }
  out.push(`  invalid:             ${fmt(report.invalidCount)}`);
  for (const i of report.invalid.slice(0, SHOWN)) out.push(`    line ${i.line}: ${i.reason}`);
  more(out, report.invalidCount, SHOWN);
  out.push(`  duplicates avoided:  ${fmt(report.duplicatesAvoided)}`);
  // The dry run has listed them above.
  if (report.suppressed > 0 && report.outcome !== "dry-run") out.push(`  suppressed: ${fmt(report.suppressed)} (unsubscribed or bounced; never mailed)`);
  out.push(`  already sent:        ${fmt(report.alreadySent)} of ${fmt(report.recipients)}`);
  if (report.failedEarlier > 0) out.push(`  failed earlier:      ${fmt(report.failedEarlier)} (permanent; not retried, --force sends to everyone again)`);
  if (report.uncertain > 0 || report.interrupted) {
    out.push(
      `  uncertain:           ${fmt(report.uncertain)} (in flight when the previous run was interrupted; sent again, so at most ${fmt(report.uncertain)} may have it twice)`,
    );
  }
  out.push(`  time:                ${(report.elapsedMs / 1000).toFixed(1)}s`);
  return out.join("\n") + "\n";
}

function more(out: string[], count: number, shown: number): void {
  if (count > shown) out.push(`    ... and ${fmt(count - shown)} more`);
}
