/**
 * One scheduled edition for one list: read the sources (files and feeds),
 * keep the stories new or updated since the list's last edition, build,
 * write the preview files, record what the edition holds, send, and keep the
 * edition's public web copy in the archive once it reached someone.
 *
 * Re-running it is safe at every step. Once an edition has started going out
 * to a list, a re-run sends the very edition saved on disk (so people resumed
 * after a crash get the same email as the others) and the ledger decides who
 * still needs it: after a complete send that is nobody, and the run is a
 * no-op. When no story is new, nothing is built and nothing is sent.
 *
 * The scheduler runs it for each list on its clock; `news-digest send --list` runs it
 * once when the stories come from the config's sources (with send's own run options:
 * --dry-run builds and checks but writes and records nothing, --force).
 */
import { join } from "node:path";
import { dateInZone } from "../../text/index.js";
import { editionId as editionIdFor } from "../../compose/index.js";
import type { Config, ListRef, StorySources } from "../../config/index.js";
import { feedFetchOptions } from "../../ingest/index.js";
import { loadSources } from "../../ingest/index.js";
import type { RenderedEdition } from "../../model.js";
import { buildEdition, type BuiltEdition } from "../../pipeline.js";
import { archiveIfDelivered } from "../archive/index.js";
import { readEditionContents, recordEditionContents } from "../../deliver/editions/index.js";
import { readSentEditions } from "../../deliver/editions/index.js";
import { selectEditionStories, type SentEdition } from "../../deliver/editions/index.js";
import { previewPaths, writePreviewFiles } from "../out/index.js";
import { sampleMessage } from "../out/index.js";
import { readEditionFile } from "../../deliver/send/index.js";
import { exitCodeFor, openListRun, type Newsletter, type RunOptions, type SendReport } from "../../deliver/send/index.js";
import type { RunOutcome } from "./scheduler.js";
import { editionOutDir } from "./out-dir.js";

/** How the edition is made from the sources. */
export interface EditionFromSources {
  sources: StorySources;
  templatesDir: string;
  /** Editions are written to <outDir>/<list name>/<edition id>/. */
  outDir: string;
  /** Any unreadable source fails the run instead of being skipped. */
  strict?: boolean;
  /** Receives one line per source problem (a feed that failed, an unreadable file). */
  warn?: (line: string) => void;
}

export interface ListEditionRequest {
  config: Config;
  newsletter: Newsletter;
  list: ListRef;
  build: EditionFromSources;
  run: RunOptions;
  now: Date;
}

interface ListEditionOutcome extends RunOutcome {
  /** As `news-digest send` would exit: 0 done or no-op, 1 permanent failures, 75 run again. */
  exitCode: number;
  report?: SendReport;
}

export async function runListEdition(request: ListEditionRequest): Promise<ListEditionOutcome> {
  const { config, now, newsletter, list } = request;
  const listDir = await newsletter.listState(list);
  const editionId = editionIdFor(dateInZone(now, config.timeZone), config.slug);
  const outDir = editionOutDir(request.build.outDir, list);
  const sent = await readSentEditions(listDir);
  for (const problem of sent.problems) request.build.warn?.(`${problem.file}:${problem.line}: ${problem.message}`);

  const resumed = sent.editions.some((e) => e.editionId === editionId) ? await savedEdition(outDir, editionId) : undefined;
  const prepared = resumed
    ? resumedEdition(resumed, listDir, editionId)
    : await buildNewEdition(request, { listDir, editionId, outDir, sent: sent.editions });
  if ("outcome" in prepared) return prepared.outcome;

  if (request.run.signal?.aborted) return stoppedEarly(editionId);
  const run = await openListRun(newsletter, list, prepared.edition, { ...request.run, updatedStoryIds: prepared.updated });
  const report = await run.execute();
  await archiveWebCopy(request, prepared, report);
  return { ...outcomeOf(report, prepared.storyNote), editionId, failed: report.failedCount, exitCode: exitCodeFor(report), report };
}

/** An edition ready to send. */
interface Prepared {
  edition: RenderedEdition;
  /** Ids of the stories in it that earlier editions carried in an older version. */
  updated: string[];
  /** What the edition holds, for the run's summary. */
  storyNote: string;
  /** What its web copy is rendered from; only an edition built in this run has it. */
  built?: Pick<BuiltEdition, "digest" | "templates">;
}

/** Where this run's edition belongs. */
interface EditionPlace {
  listDir: string;
  editionId: string;
  outDir: string;
  sent: SentEdition[];
}

/** This edition already started going out: send exactly what was sent, never a rebuild. */
function resumedEdition(edition: RenderedEdition, listDir: string, editionId: string): Prepared {
  const refs = readEditionContents(listDir).editions.get(editionId)?.stories ?? [];
  return { edition, updated: refs.filter((r) => r.updated).map((r) => r.id), storyNote: `${edition.storyIds.length} stories` };
}

/**
 * Reads the sources and builds an edition from the stories new or updated since
 * the list's last one, saving and recording it (except on a dry run); or the
 * run's outcome when there is nothing to build.
 */
async function buildNewEdition(request: ListEditionRequest, place: EditionPlace): Promise<Prepared | { outcome: ListEditionOutcome }> {
  const { config, now, newsletter, build } = request;
  const signal = request.run.signal;
  const { listDir, editionId, outDir } = place;
  const loaded = await loadSources(build.sources.sources, {
    ...(build.sources.baseDir !== undefined ? { baseDir: build.sources.baseDir } : {}),
    fetch: feedFetchOptions(config.feeds, newsletter.stateDir, signal),
  });
  // Stopped while fetching: the missing feeds are ours, not the sources' fault; build nothing.
  if (signal?.aborted) return { outcome: stoppedEarly(editionId) };
  for (const error of loaded.errors) build.warn?.(`${error.line === undefined ? error.file : `${error.file}:${error.line}`}: ${error.message}`);
  if (build.strict && loaded.errors.length > 0) {
    return { outcome: { status: "failed", summary: `failed: ${count(loaded.errors.length, "source problem")} (--strict)`, editionId, exitCode: 2 } };
  }
  const selection = selectEditionStories(loaded.stories, place.sent, {
    editionId,
    now,
    windowHours: config.editions.windowHours,
    overlapMinutes: config.editions.overlapMinutes,
  });
  if (selection.stories.length === 0) {
    const since = selection.lastEditionId ? `edition ${selection.lastEditionId}` : `the last ${config.editions.windowHours} h`;
    return { outcome: { status: "nothing-new", summary: `nothing new since ${since}; nothing built or sent${sourceNote(loaded.errors.length)}`, editionId, exitCode: 0 } };
  }
  const built = await buildEdition({
    stories: { stories: selection.stories, errors: loaded.errors },
    templatesDir: build.templatesDir,
    config,
    now,
    tokenKey: newsletter.unsubscribe.tokenKey,
  });
  const edition = built.render.edition;
  const inEdition = new Set(edition.storyIds);
  const heldBackIds = new Set(built.digest.heldBack.map((s) => s.id));
  const updated = selection.entries.filter((e) => e.status === "updated" && inEdition.has(e.story.id)).map((e) => e.story.id);
  // A dry run leaves no trace: no files to resume from, no record for the next window.
  if (!request.run.dryRun) {
    const message = await sampleMessage(built, config, now);
    await writePreviewFiles(outDir, { html: built.sample.message.html, text: built.sample.message.text, digest: built.digest, message, edition });
    // Record what the email carries (shown or listed under "More in"), with each story's
    // version, and what it was built from but could not carry (held back for size):
    // the next edition takes those, so no selected story is lost to the window.
    const heldBack = selection.stories.filter((s) => !inEdition.has(s.id) && heldBackIds.has(s.id)).map((s) => s.id);
    recordEditionContents(listDir, editionId, now, selection.stories.filter((s) => inEdition.has(s.id)), new Set(updated), heldBack);
  }
  const storyNote = `${count(edition.storyIds.length, "story", "stories")} (${edition.storyIds.length - updated.length} new, ${updated.length} updated)${sourceNote(loaded.errors.length)}`;
  return { edition, updated, storyNote, built };
}

/** The edition's public web copy, once it reached someone; a copy that cannot be written is said, and the send stands. */
async function archiveWebCopy(request: ListEditionRequest, prepared: Prepared, report: SendReport): Promise<void> {
  // A resumed edition is read back without its digest: the run that first delivered it
  // recorded the copy (unless it crashed before its end).
  if (!prepared.built) return;
  const { digest, templates } = prepared.built;
  try {
    await archiveIfDelivered(report, request.newsletter.stateDir, { digest, templates, config: request.config, sentAt: request.now });
  } catch (error) {
    request.build.warn?.(`${report.edition}: web copy not archived: ${(error as Error).message}`);
  }
}

function stoppedEarly(editionId: string): ListEditionOutcome {
  return { status: "failed", summary: "stopped before sending (signal); nothing sent", editionId, exitCode: 75 };
}

async function savedEdition(outDir: string, editionId: string): Promise<RenderedEdition | undefined> {
  try {
    return await readEditionFile(previewPaths(outDir, editionId).edition);
  } catch {
    return undefined; // gone or damaged: rebuild; the send log still decides who gets it
  }
}

function outcomeOf(report: SendReport, storyNote: string): Pick<RunOutcome, "status" | "summary"> {
  const id = report.edition;
  switch (report.outcome) {
    case "already-sent":
      return { status: "already-sent", summary: `${id} already sent to ${n(report.alreadySent)} of ${n(report.recipients)}; nothing sent` };
    case "nothing-new":
      return { status: "nothing-new", summary: `${id}: nothing new since edition ${report.nothingNewSince ?? "(none)"}; nothing sent` };
    case "paused":
      return { status: "failed", summary: `${id} paused after ${n(report.sent)} sent: ${report.pausedReason ?? "stopped"}; the next run resumes` };
    default: {
      const parts = [`${n(report.sent)} sent`, `${n(report.failedCount)} failed`];
      if (report.deferredCount > 0) parts.push(`${n(report.deferredCount)} deferred`);
      if (report.alreadySent > 0) parts.push(`${n(report.alreadySent)} already had it`);
      if (report.uncertain > 0) parts.push(`${n(report.uncertain)} uncertain`);
      return { status: "sent", summary: `sent ${id}: ${parts.join(", ")}; ${storyNote}` };
    }
  }
}

function sourceNote(errors: number): string {
  return errors > 0 ? `; ${count(errors, "source problem")} (see above)` : "";
}

function n(value: number): string {
  return value.toLocaleString("en-US");
}

function count(value: number, one: string, many = `${one}s`): string {
  return `${n(value)} ${value === 1 ? one : many}`;
}
