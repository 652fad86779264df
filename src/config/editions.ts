/**
 * The `editions` config section: which stories an edition for a list takes.
 *
 *   "editions": { "windowHours": 24, "overlapMinutes": 60 }
 */
import { integer, object, type Infer } from "./schema.js";

/** How far back a list's first edition reaches, and how far before the last edition new stories are still taken. */
export const EDITION_WINDOW_DEFAULTS = { windowHours: 24, overlapMinutes: 60 } as const;

export const editionsSection = object({
  /** The first edition of a list takes stories from this many hours back. */
  windowHours: integer({ default: EDITION_WINDOW_DEFAULTS.windowHours, min: 1, max: 24 * 366 }),
  /** Later editions also take never-sent stories dated up to this long before the previous edition. */
  overlapMinutes: integer({ default: EDITION_WINDOW_DEFAULTS.overlapMinutes, min: 0, max: 24 * 60 }),
});

export type EditionsSection = Infer<typeof editionsSection>;
