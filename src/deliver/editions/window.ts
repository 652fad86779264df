/**
 * Edition windows: which stories belong in the next edition of a list. Pure:
 * the stories, the list's edition history and the time come in; the choice
 * comes out. A daily digest never repeats yesterday's stories, and a story
 * that changed since it went out (a newer updatedAt, a live blog with more
 * posts) comes back, marked as updated. A story an edition was built from but
 * could not carry (held back for size) comes in the next one, however old.
 */
import type { Story } from "../../model.js";
import type { EditionStoryRef } from "./record.js";

/** An edition that went out to the list, with the version of each story it carried. */
export interface SentEdition {
  editionId: string;
  /** When it was built (or, failing that, when its sending started). ISO. */
  at: string;
  /** What it carried (shown or listed). */
  stories: EditionStoryRef[];
  /** Stories it was built from but could not carry (size): offered again whatever their date. */
  heldBack?: string[];
}

export interface EditionWindowOptions {
  /** The edition being built. Its own earlier records (a rerun after a crash) do not count as "sent before". */
  editionId: string;
  now: Date;
  /** How far back the first edition of a list reaches. Default 24. */
  windowHours?: number;
  /**
   * How far before the last edition's build time new stories are still taken.
   * Feeds often show an item a little after its stated publication time; the
   * overlap catches those, and story ids keep it from repeating anything that
   * was sent. Default 60.
   */
  overlapMinutes?: number;
}

import { EDITION_WINDOW_DEFAULTS } from "../../config/index.js";

export type SelectionStatus = "new" | "updated";

export interface SelectedStory {
  story: Story;
  status: SelectionStatus;
  /** For updated stories: the edition that last carried it. */
  previousEditionId?: string;
}

export interface EditionSelection {
  /** The stories of the edition, in input order. */
  stories: Story[];
  entries: SelectedStory[];
  /** New stories are those dated at or after this instant (ISO); undated stories count as new once. */
  since: string;
  /** Why `since` is what it is. */
  basis: "last-edition" | "window";
  lastEditionId?: string;
  /** Stories left out because they went out before and have not changed since. */
  alreadySent: number;
  /** Stories left out because they are older than the window and were never sent. */
  tooOld: number;
}

export function selectEditionStories(
  stories: readonly Story[],
  history: readonly SentEdition[],
  options: EditionWindowOptions,
): EditionSelection {
  const windowHours = options.windowHours ?? EDITION_WINDOW_DEFAULTS.windowHours;
  const overlapMinutes = options.overlapMinutes ?? EDITION_WINDOW_DEFAULTS.overlapMinutes;
  const sentBefore = history
    .filter((e) => e.editionId !== options.editionId && timeOf(e.at) !== undefined)
    .sort((a, b) => timeOf(a.at)! - timeOf(b.at)!);

  // The version of each story that last went out, and the edition that carried it.
  const lastSent = new Map<string, { ref: EditionStoryRef; edition: SentEdition }>();
  for (const edition of sentBefore) for (const ref of edition.stories) lastSent.set(ref.id, { ref, edition });

  // Held back by an edition that went out: the window moved past their dates, but no reader has seen them.
  const heldBack = new Set(sentBefore.flatMap((e) => e.heldBack ?? []));

  const last = sentBefore.at(-1);
  const sinceMs = last ? timeOf(last.at)! - overlapMinutes * 60_000 : options.now.getTime() - windowHours * 3_600_000;

  const entries: SelectedStory[] = [];
  let alreadySent = 0;
  let tooOld = 0;
  for (const story of stories) {
    const previous = lastSent.get(story.id);
    if (previous) {
      if (changedSince(story, previous.ref, previous.edition)) {
        entries.push({ story, status: "updated", previousEditionId: previous.edition.editionId });
      } else {
        alreadySent++;
      }
      continue;
    }
    const time = storyTime(story);
    if (time === undefined || time >= sinceMs || heldBack.has(story.id)) entries.push({ story, status: "new" });
    else tooOld++;
  }

  const selection: EditionSelection = {
    stories: entries.map((e) => e.story),
    entries,
    since: new Date(sinceMs).toISOString(),
    basis: last ? "last-edition" : "window",
    alreadySent,
    tooOld,
  };
  if (last) selection.lastEditionId = last.editionId;
  return selection;
}

/**
 * A story changed since it went out when a live blog has more posts, or when
 * its date moved past the one recorded (or, if none was recorded, past the
 * build time of the edition that carried it).
 */
export function changedSince(story: Story, sent: EditionStoryRef, edition: Pick<SentEdition, "at">): boolean {
  if (story.posts !== undefined && story.posts.length > (sent.posts ?? 0)) return true;
  const now = storyTime(story);
  if (now === undefined) return false;
  const then = timeOf(sent.updatedAt) ?? timeOf(edition.at);
  return then !== undefined && now > then;
}

/** The newest date a story carries: updatedAt, else publishedAt. */
function storyTime(story: Story): number | undefined {
  return timeOf(story.updatedAt) ?? timeOf(story.publishedAt);
}

function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}
