/**
 * `news-digest send`: argument parsing and wiring only. What happens to each recipient
 * is decided in ../deliver/send/ (engine.ts); this file turns flags, config and
 * environment into a send job and prints the outcome.
 *
 * Exit codes: 0 done (also "already sent" and "nothing new", so a schedule can run it
 * blindly), 1 some recipients failed permanently (or the --test copy failed), 2 bad usage
 * or input, 75 paused, temporary failures left, or another sender holds the list (run
 * the same command again later).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { editionWebUrl } from "../compose/links.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import type { RenderedEdition } from "../model.js";
import { EmailRuleError, TemplateError } from "../render/errors.js";
import { personalize } from "../render/personalize.js";
import { builtInTemplatesDir } from "../render/template-files.js";
import { checkAddress } from "../deliver/send/address.js";
import { listIdentityFrom, sendLimitsFrom } from "../deliver/send/config-section.js";
import { resolveDkim } from "../deliver/send/dkim.js";
import { readEditionFile } from "../deliver/send/edition-file.js";
import { exitCodeFor, sendEdition, type SendLimits } from "../deliver/send/engine.js";
import { classifyFailure } from "../deliver/send/failures.js";
import { parseRate } from "../deliver/send/pacer.js";
import { createProgress } from "../deliver/send/progress.js";
import { readRecipientList } from "../deliver/send/recipients.js";
import { SendLockedError } from "../deliver/send/send-log.js";
import { formatReport } from "../deliver/send/report.js";
import { redact, resolveSmtp, type SmtpTarget } from "../deliver/send/smtp.js";
import { listKeyFor } from "../deliver/send/state-paths.js";
import { sendTestCopy } from "../deliver/send/test-copy.js";
import { tokenKeyFromEnv } from "../deliver/send/token.js";
import { openSmtpPool } from "../deliver/send/transport.js";

const USAGE = `usage: news-digest send --list FILE (--edition FILE | --stories PATH...) [options]

  --list FILE         subscribers: .csv (with an "email" header), .json (array) or .jsonl
  --edition FILE      the compiled edition to send (out/<edition>/edition.json from \`build\`)
  --stories PATH      or build the edition now from these stories (repeatable)
  --templates DIR     templates for --stories (default: ./templates, else the built-in one)
  --config FILE       config file (default: news-digest.config.json if present)
  --smtp URL          smtp://user:pass@host:587 (else SMTP_URL, else config send.smtp)
  --dry-run           build and check every message; connect to nothing, record nothing
  --test ADDRESS      send one copy marked as a test to ADDRESS, outside the send log
  --rate N/s          most messages per second (or N/m, N/h)
  --concurrency N     messages in flight at once
  --force             send again to everyone, even if this edition already went out
  --json              print the report as JSON
`;

export async function runSend(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        list: { type: "string" },
        edition: { type: "string" },
        stories: { type: "string", multiple: true },
        templates: { type: "string" },
        config: { type: "string" },
        smtp: { type: "string" },
        "dry-run": { type: "boolean" },
        test: { type: "string" },
        rate: { type: "string" },
        concurrency: { type: "string" },
        force: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.test !== undefined && values["dry-run"]) return usageError("--test and --dry-run exclude each other");
  if (values.test !== undefined) {
    const checked = checkAddress(values.test);
    if (!checked.ok) return usageError(`--test: ${checked.reason}`);
  }
  let target: SmtpTarget | undefined;
  const say = (text: string): void => void process.stderr.write(redact(text, target));
  try {
    const { config } = await loadConfig(values.config);
    const key = tokenKeyFromEnv();
    if ("error" in key) return inputError(key.error);
    const limits = limitsFrom(config, values.rate, values.concurrency);
    if (typeof limits === "string") return usageError(limits);
    if (values.edition === undefined && values.stories === undefined) {
      return usageError("say what to send: --edition out/<edition>/edition.json (from `build`) or --stories PATH");
    }
    if (values.edition !== undefined && values.stories !== undefined) return usageError("--edition and --stories exclude each other");
    const edition = values.edition !== undefined ? await readEditionFile(values.edition) : await buildNow(config, values.stories!, values.templates);
    const identity = listIdentityFrom(config);
    const unsubscribe = { baseUrl: config.links.unsubscribeBase, tokenKey: key.key };
    const viewInBrowserUrl = editionWebUrl(config.links.viewInBrowserBase, edition.editionId);
    const dryRun = values["dry-run"] === true;
    if (!dryRun || values.test !== undefined) {
      target = resolveSmtp({ flag: values.smtp, config: config.send.smtp ?? undefined, allowInsecure: config.send.allowInsecure });
    }
    const dkim = await resolveDkim(
      {
        ...(config.send.dkim.domainName ? { domainName: config.send.dkim.domainName } : {}),
        ...(config.send.dkim.keySelector ? { keySelector: config.send.dkim.keySelector } : {}),
        ...(config.send.dkim.privateKeyFile ? { privateKeyFile: config.send.dkim.privateKeyFile } : {}),
      },
      process.env,
    );
    const openMailer = () => openSmtpPool(target!, { connections: limits.concurrency, timeoutMs: config.send.timeoutMs, dkim });

    if (values.test !== undefined) {
      let info: { messageId?: string };
      try {
        info = await sendTestCopy({
          edition,
          address: values.test,
          name: config.preview.recipient.name,
          personalize,
          identity,
          unsubscribe,
          viewInBrowserUrl,
          mailer: openMailer(),
          now: new Date(),
        });
      } catch (error) {
        say(`news-digest send: test copy to ${values.test} not sent: ${classifyFailure(error).reason}\n`);
        return 1;
      }
      const line = `test copy of ${edition.editionId} sent to ${values.test} via ${target!.display} (${info.messageId ?? "no message id"})`;
      process.stdout.write(values.json ? JSON.stringify({ test: values.test, edition: edition.editionId, messageId: info.messageId ?? null }) + "\n" : line + "\n");
      return 0;
    }

    if (values.list === undefined) return usageError("--list FILE is required");
    const listPath = values.list;
    if (target) say(`sending ${edition.editionId} to ${listPath} via ${target.display}\n`);
    const tty = process.stderr.isTTY === true;
    const progress = createProgress({
      stream: process.stderr,
      tty,
      total: tty ? await countRows(listPath) : undefined,
      redact: (text) => redact(text, target),
    });
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const report = await sendEdition({
        edition,
        recipients: readRecipientList(listPath),
        listKey: listKeyFor(identity.listId, listPath),
        stateDir: config.send.stateDir,
        personalize,
        identity,
        unsubscribe,
        viewInBrowserUrl,
        openMailer,
        limits,
        force: values.force === true,
        dryRun,
        observer: progress,
        signal: stop.signal,
      });
      progress.finish();
      const out = values.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report);
      process.stdout.write(redact(out, target));
      return exitCodeFor(report);
    } finally {
      progress.finish();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      say(error.issues.map((issue) => `news-digest send: ${issue}\n`).join(""));
      return 2;
    }
    if (error instanceof SendLockedError) {
      say(`news-digest send: ${error.message}\n`);
      return 75;
    }
    if (error instanceof TemplateError || error instanceof EmailRuleError) {
      say(`${error.message}\n`);
      return 2;
    }
    say(`news-digest send: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/** Bad input that is not about the flags: the reason alone, no usage text. */
function inputError(message: string): number {
  process.stderr.write(`news-digest send: ${message}\n`);
  return 2;
}

function usageError(message: string): number {
  process.stderr.write(`news-digest send: ${message}\n${USAGE}`);
  return 2;
}

function limitsFrom(config: Config, rate: string | undefined, concurrency: string | undefined): SendLimits | string {
  const limits = sendLimitsFrom(config.send);
  if (rate !== undefined) {
    const perSecond = parseRate(rate);
    if (perSecond === null) return `--rate: expected a rate such as 10/s or 600/m, got "${rate}"`;
    limits.ratePerSecond = perSecond;
  }
  if (concurrency !== undefined) {
    const n = Number(concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 100) return `--concurrency: expected a whole number from 1 to 100, got "${concurrency}"`;
    limits.concurrency = n;
  }
  return limits;
}

/** The edition built from stories, as `build` would build it now (unreadable stories are reported and skipped). */
async function buildNow(config: Config, stories: string[], templates: string | undefined): Promise<RenderedEdition> {
  const templatesDir = templates ?? (existsSync("templates/layout.mjml") ? "templates" : builtInTemplatesDir());
  // Loaded on demand: the pipeline (language models, MJML) is heavy, and most runs send a built edition.
  const { buildEdition } = await import("../pipeline.js");
  const built = await buildEdition({ stories, templatesDir, config, now: new Date() });
  for (const error of built.inputErrors) {
    process.stderr.write(`${error.line === undefined ? error.file : `${error.file}:${error.line}`}: ${error.message}\n`);
  }
  return built.render.edition;
}

/** Rows in the list, for the progress bar only (a terminal is watching). */
async function countRows(path: string): Promise<number | undefined> {
  try {
    let rows = 0;
    for await (const _ of readRecipientList(path)) rows++;
    return rows;
  } catch {
    return undefined; // the real read reports the problem
  }
}
