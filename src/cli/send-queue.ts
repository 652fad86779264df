/**
 * `news-digest send --queue redis://…`: the edition stored in Redis and every reader of
 * the list queued for the workers (../deliver/queue/), then, unless --detach, the
 * workers followed until they are done with it and the same report a local send prints.
 * `send --status --queue` and `editions --queue` show where editions stand from any machine.
 */
import { existsSync } from "node:fs";
import type { RenderedEdition } from "../model.js";
import type { ListRef } from "../config/index.js";
import { createProgress, estimateRows, exitCodeFor, formatReport, openRecipientList, type Newsletter, type SendReport } from "../deliver/send/index.js";
import {
  enqueueEdition,
  EnqueueStoppedError,
  editionStatuses,
  followEdition,
  formatStatus,
  openQueue,
  queueCounts,
  QueueUnreachableError,
  type EnqueueResult,
  type OpenQueue,
  type QueueTarget,
} from "../deliver/queue/index.js";
import { openSuppressions, suppressionsPath, type Suppression } from "../deliver/suppressions/index.js";
import { type CommandIo, EXIT, favourMemoryOverSpeed, PROGRAM, streamOf } from "./kit/index.js";

export interface QueueSendRequest {
  newsletter: Newsletter;
  list: ListRef;
  edition: RenderedEdition;
  target: QueueTarget;
  detach: boolean;
  json: boolean;
  io: CommandIo;
  signal: AbortSignal;
  say(line: string): void;
  print(text: string): void;
}

export async function sendThroughQueue(request: QueueSendRequest): Promise<number> {
  const { newsletter, list, edition, io } = request;
  const queue = openQueue(request.target, newsletter.identity.listId);
  try {
    await queue.reachable();
    request.say(`queueing ${edition.editionId} for ${list.name} on ${request.target.display}`);
    const before = await queueCounts(queue.redis, queue.keys, edition.editionId);
    const enqueued = await enqueue(queue, request);
    request.say(describeEnqueue(enqueued));
    if (enqueued.interrupted) {
      request.say(`stopped while queueing: the rest of the list is not queued yet; run the same command again to queue it (nobody is queued twice)`);
      return EXIT.tryLater;
    }
    if (request.detach) {
      request.print(
        request.json
          ? JSON.stringify(enqueued, null, 2) + "\n"
          : `queued ${enqueued.enqueued} of ${enqueued.recipients} reader(s); follow with: ${PROGRAM} send --status --queue ${request.target.display}\n`,
      );
      return EXIT.done;
    }
    const tty = io.stderrIsTerminal === true;
    const progress = createProgress({ stream: streamOf(io.stderr), tty, total: tty ? await estimateRows(list.path) : undefined });
    let report: SendReport;
    try {
      report = await followEdition({
        redis: queue.redis,
        queue: queue.queue,
        keys: queue.keys,
        listName: list.name,
        enqueued,
        before,
        progress: (counters) => progress.progress?.(counters),
        warn: (line) => request.say(line),
        signal: request.signal,
      });
    } finally {
      progress.finish();
    }
    await keepBouncesLocally(queue, newsletter, request.say);
    request.print(request.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
    if (request.signal.aborted && report.deferredCount > 0) {
      request.say(`stopped following; the workers carry on. Follow with: ${PROGRAM} send --status --queue ${request.target.display}`);
    } else if (report.outcome === "paused" || report.deferredCount > 0) {
      request.say("to resume without sending anyone a second copy, run the same command again");
    }
    return exitCodeFor(report);
  } catch (error) {
    // Redis out of reach, the lease lost, a stop while waiting: nothing is wrong with the input.
    if (error instanceof QueueUnreachableError || error instanceof EnqueueStoppedError) {
      request.say(error.message);
      return EXIT.tryLater;
    }
    throw error;
  } finally {
    await queue.close();
  }
}

async function enqueue(queue: OpenQueue, request: QueueSendRequest): Promise<EnqueueResult> {
  const { newsletter } = request;
  // Queueing streams the whole list in a burst and keeps almost none of it.
  favourMemoryOverSpeed();
  // The local suppression file (unsubscribes, bounces) goes with the edition, so every worker honours it.
  const suppressed = await localSuppressions(newsletter);
  return enqueueEdition({
    redis: queue.redis,
    queue: queue.queue,
    keys: queue.keys,
    messages: newsletter.messagesFor(request.edition),
    listName: request.list.name,
    recipients: await openRecipientList(request.list.path),
    limits: newsletter.limits,
    suppressed,
    waiting: (line) => request.say(line),
    signal: request.signal,
  });
}

/** What the suppression file under the state folder holds; none when there is no file (nothing is created). */
async function localSuppressions(newsletter: Newsletter): Promise<Suppression[]> {
  const { stateDir, identity } = newsletter;
  if (!existsSync(suppressionsPath(stateDir, identity.listId))) return [];
  const list = await openSuppressions(stateDir, identity.listId);
  try {
    return list.list();
  } finally {
    await list.close();
  }
}

/**
 * Mailboxes the workers found gone are suppressed in Redis at once (every worker honours
 * them); they are also added to the suppression file here, so `suppressions` lists them
 * and a local send honours them too.
 */
async function keepBouncesLocally(queue: OpenQueue, newsletter: Newsletter, say: (line: string) => void): Promise<void> {
  const inRedis = await queue.redis.hgetall(queue.keys.suppressed);
  const { stateDir, identity } = newsletter;
  const known = new Set((await localSuppressions(newsletter)).map((s) => s.address.toLowerCase()));
  const fresh = Object.entries(inRedis).filter(([address, reason]) => reason === "bounced" && !known.has(address));
  if (fresh.length === 0) return;
  const list = await openSuppressions(stateDir, identity.listId);
  try {
    for (const [address] of fresh) await list.add({ address, reason: "bounced" });
  } finally {
    await list.close();
  }
  say(`${fresh.length} address(es) found gone while sending: added to the suppression list as bounced`);
}

function describeEnqueue(result: EnqueueResult): string {
  const parts = [`${result.enqueued} queued now`];
  if (result.alreadyQueued) parts.push(`${result.alreadyQueued} already queued`);
  if (result.alreadySent) parts.push(`${result.alreadySent} already sent`);
  if (result.failedEarlier) parts.push(`${result.failedEarlier} failed earlier`);
  if (result.suppressed) parts.push(`${result.suppressed} suppressed`);
  if (result.invalidCount) parts.push(`${result.invalidCount} invalid row(s)`);
  return `${result.editionId}: ${result.recipients} reader(s): ${parts.join(", ")}`;
}

/** `send --status` and `editions --queue`: each queued edition's counts (or only `editionId`'s). */
export async function printQueueStatus(
  target: QueueTarget,
  listId: string,
  options: { editionId?: string; json: boolean; print(text: string): void; complain(line: string): void },
): Promise<number> {
  const queue = openQueue(target, listId);
  try {
    try {
      await queue.reachable();
    } catch (error) {
      if (!(error instanceof QueueUnreachableError)) throw error;
      options.complain(error.message);
      return EXIT.tryLater;
    }
    const statuses = await editionStatuses(queue.redis, queue.keys, options.editionId);
    if (options.json) options.print(JSON.stringify(statuses, null, 2) + "\n");
    else if (statuses.length === 0) options.print(`no editions queued on ${target.display}\n`);
    else options.print(statuses.map((s) => formatStatus(s) + "\n").join(""));
    return EXIT.done;
  } finally {
    await queue.close();
  }
}
