/** The final report of a send, for people (text) and for machines (--json). */
import type { SendReport } from "./engine.js";
import { fmt } from "./progress.js";

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
    case "dry-run":
      out.push(`${head}: dry run, nothing sent`);
      out.push(`  would send:          ${fmt(report.wouldSend ?? 0)}`);
      break;
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
