/**
 * Live-blog posts print only a clock time ("08:15", in the blog's zone). To say
 * "2 hours ago" we need the instant, so the date is worked out from the blog's
 * last update: posts run newest first, and a post whose time is much later than
 * the newer post above it was written the day before (the blog crossed midnight).
 */
import type { Story } from "../model.js";
import { instantInZone, isTimeZone, parseInstant, wallClockIn } from "../text/index.js";

/** A time that jumps forward by more than this between a post and the older one below it crossed midnight. */
const MIDNIGHT_JUMP_MINUTES = 12 * 60;
/** The newest post may be stamped a little after the page's own update time. */
const CLOCK_SKEW_MINUTES = 60;

/** Minutes after midnight for "08:15", "8:15", "8.15am", "12:05 pm"; undefined otherwise. */
export function parseClock(value: string): number | undefined {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*([ap])?\.?\s*m?\.?\s*$/i.exec(value);
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const meridiem = match[3]?.toLowerCase();
  if (minutes > 59) return undefined;
  if (meridiem) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === "p" ? 12 : 0);
  } else if (hours > 23) {
    return undefined;
  }
  return hours * 60 + minutes;
}

/**
 * Post index -> instant, for posts whose time and date can be worked out. Empty
 * when the blog has no usable update time or time zone: better no date than a wrong one.
 */
export function postInstants(story: Story): Map<number, Date> {
  const instants = new Map<number, Date>();
  const anchor = parseInstant(story.updatedAt ?? story.publishedAt);
  const zone = story.timeZone;
  if (!anchor || !zone || !isTimeZone(zone) || !story.posts) return instants;

  const wall = wallClockIn(anchor, zone);
  // A calendar day in the blog's zone, moved back one day at each midnight crossing.
  const day = new Date(Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate()));
  let previous = wall.getHours() * 60 + wall.getMinutes() + CLOCK_SKEW_MINUTES;
  let first = true;
  for (const post of [...story.posts].sort((a, b) => a.index - b.index)) {
    const minutes = post.time === undefined ? undefined : parseClock(post.time);
    if (minutes === undefined) continue;
    const newerThanAnchor = first && minutes > previous;
    if (newerThanAnchor || (!first && minutes - previous > MIDNIGHT_JUMP_MINUTES)) {
      day.setUTCDate(day.getUTCDate() - 1);
    }
    instants.set(post.index, instantInZone(zone, day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Math.floor(minutes / 60), minutes % 60));
    previous = minutes;
    first = false;
  }
  return instants;
}
