/**
 * Progress on stderr while a send runs. On a terminal: one bar redrawn in place (sent,
 * failed, rate, time left). Otherwise (cron, CI, a pipe): a plain line every few
 * seconds, so logs stay readable. Problems (invalid rows, failures, retries, a pause)
 * are always printed as lines of their own.
 */
import type { SendObserver } from "./list-run.js";
import type { Counters, FailedRecipient } from "./report.js";
import type { Failure } from "./failures.js";

export interface ProgressOptions {
  stream: NodeJS.WritableStream;
  /** Redraw a bar in place (a terminal) or print plain lines. */
  tty: boolean;
  /** Estimated number of recipients, for the bar and the time left. */
  total?: number | undefined;
  /** Plain mode: seconds between progress lines. */
  everySeconds?: number;
  /** Applied to every line (hides the SMTP password should it appear in an error). */
  redact?: (text: string) => string;
  now?: () => number;
}

export interface ProgressPrinter extends SendObserver {
  /** Clears the bar; call before printing the report. */
  finish(): void;
}

const BAR_WIDTH = 24;

export function createProgress(options: ProgressOptions): ProgressPrinter {
  const now = options.now ?? (() => performance.now());
  const redact = options.redact ?? ((text: string) => text);
  const every = (options.everySeconds ?? 5) * 1000;
  const startedAt = now();
  let lastDraw = -Infinity;
  let barShown = false;
  let latest: Counters = { rows: 0, sent: 0, failed: 0, deferred: 0, skipped: 0, suppressed: 0 };
  /** What a message handed over is: "sent", or on a dry run "would send". */
  let sentLabel = "sent";

  const write = (text: string): void => {
    options.stream.write(redact(text));
  };
  const clearBar = (): void => {
    if (barShown) write("\r\x1b[K");
    barShown = false;
  };
  const line = (text: string): void => {
    clearBar();
    write(text + "\n");
    if (options.tty) draw(true);
  };
  const draw = (force = false): void => {
    const t = now();
    if (!force && t - lastDraw < (options.tty ? 100 : every)) return;
    lastDraw = t;
    const text = statusText(latest, (t - startedAt) / 1000, options.total, sentLabel);
    if (options.tty) {
      write(`\r\x1b[K${text}`);
      barShown = true;
    } else {
      write(text + "\n");
    }
  };

  return {
    started(info) {
      if (info.dryRun) sentLabel = "would send";
      if (info.uncertain > 0) {
        line(
          `previous run was interrupted: ${fmt(info.uncertain)} message(s) were in flight and may have been delivered; ` +
            `they are sent again (at most ${fmt(info.uncertain)} possible duplicate(s))`,
        );
      } else if (info.newRound) {
        line(`--force: round ${fmt(info.round + 1)}: sending to everyone on the list again, including readers who already have this edition`);
      } else if (info.resumed) {
        line("resuming: readers who already have this edition are skipped");
      }
    },
    invalid(lineNo, reason) {
      line(`invalid recipient on line ${lineNo}: ${reason}`);
    },
    retry(email, attempt, failure: Failure, delayMs) {
      line(`retrying ${email} in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}): ${failure.reason}`);
    },
    failed(entry: FailedRecipient) {
      const kind = entry.permanent ? "failed" : "deferred (will be retried on the next run)";
      line(`${kind}: ${entry.email} (line ${entry.line}): ${entry.code ? `${entry.code} ` : ""}${entry.reason.replace(/^\d{3} /, "")}`);
    },
    progress(counters) {
      latest = counters;
      draw();
    },
    paused(reason) {
      line(`paused: ${reason}`);
    },
    finish() {
      clearBar();
    },
  };
}

function statusText(c: Counters, seconds: number, total: number | undefined, sentLabel: string): string {
  const done = c.sent + c.failed + c.deferred;
  const rate = seconds > 0 ? done / seconds : 0;
  const parts = [`${sentLabel} ${fmt(c.sent)}`, `failed ${fmt(c.failed)}`];
  if (c.deferred > 0) parts.push(`deferred ${fmt(c.deferred)}`);
  if (c.skipped > 0) parts.push(`already done ${fmt(c.skipped)}`);
  if (c.suppressed > 0) parts.push(`suppressed ${fmt(c.suppressed)}`);
  parts.push(`${rate.toFixed(1)}/s`);
  if (total !== undefined && total > 0) {
    const fraction = Math.min(1, c.rows / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const remaining = Math.max(0, total - c.rows);
    const left = rate > 0 && c.rows < total ? ` · ${duration(remaining / Math.max(rate, 1e-9))} left` : "";
    return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${Math.round(fraction * 100)}% ${parts.join(" · ")}${left}`;
  }
  return parts.join(" · ");
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
