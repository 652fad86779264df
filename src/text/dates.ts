/**
 * Dates in the edition's time zone. Every date a reader sees is shown in one zone
 * (the config's), whatever the machine's zone is: @date-fns/tz's TZDate makes
 * date-fns read the wall clock of that zone.
 */
import { createRequire } from "node:module";

/**
 * date-fns and @date-fns/tz, required on the first date formatted rather than
 * imported: every command loads text/ through its config, and ~30 ms of date-fns
 * modules is a fifth of a command such as `editions`, which may print no date at
 * all. Both ship CommonJS, so formatting stays synchronous. Per-function entry
 * points: the "date-fns" index loads every function (~0.2 s).
 */
const requireLibrary = createRequire(import.meta.url);
interface DateLibraries {
  TZDate: typeof import("@date-fns/tz").TZDate;
  format: typeof import("date-fns/format").format;
  formatDistanceStrict: typeof import("date-fns/formatDistanceStrict").formatDistanceStrict;
  enGB: typeof import("date-fns/locale/en-GB").enGB;
}
let libraries: DateLibraries | undefined;
function dateLibraries(): DateLibraries {
  libraries ??= {
    TZDate: (requireLibrary("@date-fns/tz") as typeof import("@date-fns/tz")).TZDate,
    format: (requireLibrary("date-fns/format") as typeof import("date-fns/format")).format,
    formatDistanceStrict: (requireLibrary("date-fns/formatDistanceStrict") as typeof import("date-fns/formatDistanceStrict")).formatDistanceStrict,
    enGB: (requireLibrary("date-fns/locale/en-GB") as typeof import("date-fns/locale/en-GB")).enGB,
  };
  return libraries;
}

/** How an edition's date is printed: "Thursday 20 June 2024". */
export const LONG_DATE = "EEEE d MMMM yyyy";
/** How a time is printed: "08:15". */
export const CLOCK = "HH:mm";

/** Parses an ISO 8601 timestamp; undefined when it is missing or not a date. */
export function parseInstant(value: string | Date | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `instant` formatted with a date-fns pattern, on the wall clock of `timeZone`. */
export function formatInZone(instant: Date, timeZone: string, pattern: string): string {
  const { format, TZDate, enGB } = dateLibraries();
  return format(new TZDate(instant.getTime(), timeZone), pattern, { locale: enGB });
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function dateInZone(instant: Date, timeZone: string): string {
  return formatInZone(instant, timeZone, "yyyy-MM-dd");
}

/** The wall clock of `instant` in `timeZone`: a Date whose getters (getFullYear, getHours, ...) read that zone. */
export function wallClockIn(instant: Date, timeZone: string): Date {
  const { TZDate } = dateLibraries();
  return new TZDate(instant.getTime(), timeZone);
}

/** The instant a wall clock in `timeZone` shows the given time (month from 0, as Date's). */
export function instantInZone(timeZone: string, year: number, month: number, day: number, hours: number, minutes: number): Date {
  const { TZDate } = dateLibraries();
  return new Date(TZDate.tz(timeZone, year, month, day, hours, minutes).getTime());
}

/** A YYYY-MM-DD date printed long ("Thursday 20 June 2024"); the date itself, not an instant. */
export function longDateLabel(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`expected a date as YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  const [, y, m, d] = match;
  const { format, TZDate, enGB } = dateLibraries();
  return format(TZDate.tz("UTC", Number(y), Number(m) - 1, Number(d)), LONG_DATE, { locale: enGB });
}

/** Whether `value` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** "2 hours ago"; "just now" for instants under a minute old or in the future. */
export function relativeTime(instant: Date, now: Date): string {
  if (now.getTime() - instant.getTime() < 60_000) return "just now";
  return dateLibraries().formatDistanceStrict(instant, now, { addSuffix: true, roundingMethod: "floor" });
}

/** Whether `value` names a time zone this runtime knows ("Europe/London", "UTC"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
