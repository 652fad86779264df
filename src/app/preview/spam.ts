/**
 * The preview's spam check: the sample reader's whole message through SpamAssassin
 * (`spamassassin -L -t`: local tests only, no network lookups, a report of every rule
 * that fired; default rules). Optional: where SpamAssassin is not installed the panel says so and
 * everything else works. It runs beside the preview, never in a build's way: the
 * build hands over a thunk, the check reports when it is done, and a run that takes
 * longer than its timeout is killed.
 */
import { spawn } from "node:child_process";

export interface SpamRule {
  name: string;
  points: number;
  description: string;
}

export type SpamCheck =
  | { status: "pending" }
  | { status: "unavailable"; reason: string }
  | { status: "failed"; reason: string }
  | { status: "scored"; score: number; required: number; rules: SpamRule[]; level: "ok" | "warn" | "fail" };

/** Our own bar, well under SpamAssassin's 5: a newsletter should score next to nothing. */
export const SPAM_SCORE_GOOD = 0.5;
const DEFAULT_TIMEOUT_MS = 20_000;

export interface SpamAssassinOptions {
  /** The program to run; `spamassassin` on the PATH by default. */
  command?: string;
  timeoutMs?: number;
}

/** Runs SpamAssassin on one RFC 5322 message. Never throws: every way it can go wrong is a SpamCheck. */
export function checkSpam(eml: Buffer | string, options: SpamAssassinOptions = {}): Promise<SpamCheck> {
  const command = options.command ?? "spamassassin";
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const done = (check: SpamCheck) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(check);
    };
    // use_bayes 0: the default rules, without the per-user Bayes database. Untrained it
    // scores nothing anyway, but -t would auto-learn our test copies into it, and runs
    // wait for each other on its lock.
    const child = spawn(command, ["-L", "-t", "--cf=use_bayes 0"], { stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done({ status: "failed", reason: `SpamAssassin took longer than ${Math.round(timeoutMs / 1000)} s; stopped` });
    }, timeoutMs);
    timer.unref();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      done(
        error.code === "ENOENT"
          ? { status: "unavailable", reason: `${command} is not installed (Debian: apt-get install spamassassin)` }
          : { status: "failed", reason: error.message },
      );
    });
    child.on("close", (code) => {
      const report = parseSpamReport(Buffer.concat(out).toString("utf8"));
      if (report) done(report);
      else done({ status: "failed", reason: `${command} exited with ${code ?? "a signal"} and no report: ${Buffer.concat(err).toString("utf8").trim().slice(0, 200)}` });
    });
    // A closed pipe (the program died early) is reported by "close"; not an exception here.
    child.stdin.on("error", () => {});
    child.stdin.end(eml);
  });
}

/**
 * The score and the rules from `spamassassin -t`'s report, or undefined when the text
 * has none. The report ends the message:
 *
 *   Content analysis details:   (0.7 points, 5.0 required)
 *    pts rule name              description
 *   ---- ---------------------- ----------------------------------
 *    0.7 HTML_FONT_LOW_CONTRAST BODY: HTML font color similar or identical to
 *                               background
 */
export function parseSpamReport(text: string): Extract<SpamCheck, { status: "scored" }> | undefined {
  const head = /Content analysis details:\s*\((-?[\d.]+) points, (-?[\d.]+) required\)/.exec(text);
  if (!head) return undefined;
  const score = Number(head[1]);
  const required = Number(head[2]);
  const rules: SpamRule[] = [];
  const table = text.slice(head.index).split("\n").slice(1);
  let started = false;
  for (const line of table) {
    if (/^-{3,} -{3,}/.test(line)) {
      started = true;
      continue;
    }
    if (!started) continue;
    const rule = /^\s*(-?[\d.]+)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    if (rule) rules.push({ points: Number(rule[1]), name: rule[2]!, description: rule[3]!.trim() });
    else if (/^\s{20,}\S/.test(line) && rules.length > 0) rules[rules.length - 1]!.description += ` ${line.trim()}`;
    else if (line.trim() === "") break;
  }
  const level = score <= SPAM_SCORE_GOOD ? "ok" : score < required ? "warn" : "fail";
  return { status: "scored", score, required, rules, level };
}
