/**
 * `news-digest worker --queue redis://…`: sends the readers that `send --queue` queued,
 * through this machine's SMTP server, until stopped (../deliver/queue/worker.ts). Run as
 * many as you like, on as many machines: each needs the same config and the same
 * unsubscribe signing key as the sender.
 *
 * SIGTERM or SIGINT: stops taking jobs, lets the messages in flight finish and be
 * recorded, and exits 0. Exit 2: bad usage or setup (a wrong signing key included).
 */
import { loadConfig } from "../config/index.js";
import { newsletterFromConfig } from "../deliver/send/index.js";
import { redact } from "../deliver/send/index.js";
import { CONFIG_OPTION, defineCommand, EXIT, SMTP_OPTION, UsageError } from "./kit/index.js";

export const workerCommand = defineCommand({
  name: "worker",
  summary: "send the readers queued by `send --queue` (run any number, on any machines)",
  usage: "--queue redis://HOST:PORT/DB [options]",
  about: `Takes reader jobs from the newsletter's queue in Redis and sends each over SMTP,
claiming it in the shared ledger first, so that every reader gets the edition once
whichever worker sends it. A worker that dies leaves its jobs to the others.`,
  options: {
    queue: { type: "string", value: "URL", description: "redis://HOST:PORT/DB (the password may come from REDIS_PASSWORD)" },
    concurrency: { type: "string", value: "N", description: "messages in flight at once in this worker (default: the config's send.concurrency)" },
    "stall-seconds": { type: "string", value: "N", description: "how long the jobs of a worker that died wait before the others take them (default: 10)" },
    config: CONFIG_OPTION,
    smtp: SMTP_OPTION,
  },
  graceful: true,
  async run({ values, io, signal, say }) {
    const { config } = await loadConfig(values.config, io.cwd);
    if (values.queue === undefined) throw new UsageError("--queue redis://HOST:PORT/DB is required");
    const { resolveQueueTarget, QueueUrlError, redactQueue, newsletterKeys, startQueueWorker } = await import("../deliver/queue/index.js");
    let target;
    try {
      target = resolveQueueTarget(values.queue, io.env);
    } catch (error) {
      if (error instanceof QueueUrlError) throw new UsageError(error.message);
      throw error;
    }
    let concurrency: number | undefined;
    if (values.concurrency !== undefined) {
      concurrency = Number(values.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) throw new UsageError(`--concurrency: expected a whole number from 1 to 100, got "${values.concurrency}"`);
    }
    let stallSeconds = 10;
    if (values["stall-seconds"] !== undefined) {
      stallSeconds = Number(values["stall-seconds"]);
      if (!Number.isFinite(stallSeconds) || stallSeconds < 1 || stallSeconds > 600) throw new UsageError(`--stall-seconds: expected a number of seconds from 1 to 600, got "${values["stall-seconds"]}"`);
    }
    const newsletter = await newsletterFromConfig(config, { smtp: values.smtp, env: io.env, ...(concurrency ? { limits: { concurrency } } : {}) });
    const smtp = newsletter.target!;
    const log = (line: string): void => say(redactQueue(redact(line, smtp), target));
    const worker = await startQueueWorker({
      target,
      keys: newsletterKeys(newsletter.identity.listId),
      messenger: newsletter.smtpMessenger(newsletter.limits.concurrency),
      tokenKey: newsletter.unsubscribe.tokenKey,
      concurrency: newsletter.limits.concurrency,
      limits: newsletter.limits,
      log,
      lockMs: stallSeconds * 1000,
    });
    log(`taking jobs from ${target.display} (${newsletter.limits.concurrency} at a time) and sending via ${smtp.display}`);
    const onStop = (): void => {
      log("stopping: no new jobs; finishing the messages in flight");
      void worker.stop();
    };
    signal.addEventListener("abort", onStop, { once: true });
    if (signal.aborted) onStop();
    const { reason } = await worker.stopped;
    signal.removeEventListener("abort", onStop);
    const { sent, failed, deferred, skipped, retried } = worker.stats;
    log(`stopped: ${sent} sent, ${failed} failed, ${deferred} deferred, ${retried} retried, ${skipped} skipped (settled by another worker or suppressed)`);
    if (reason) {
      log(reason);
      return EXIT.usage;
    }
    return EXIT.done;
  },
});
