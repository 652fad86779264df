/**
 * Dates as sources write them (ISO 8601 in front matter, JSON and Atom;
 * RFC 822 in RSS) normalised to ISO 8601 UTC ("2024-06-19T08:15:00.000Z").
 *
 * Written out rather than left to Date.parse because Date.parse guesses:
 * it reads "1" as the year 2001 and zone-less times in the machine's zone,
 * which would make the same file give different dates on different machines.
 * A time without a zone is taken as UTC, so every machine agrees.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const RFC822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s+([a-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2}))?$/i;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Offsets of the named zones RFC 822 allows, in minutes east of UTC. */
const NAMED_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** ISO 8601 UTC form of `value`, or undefined when it is not a date we can read unambiguously. */
export function toIsoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return parseIso(text) ?? parseRfc822(text);
}

function parseIso(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", zone] = m;
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  return build(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), millis, zoneOffset(zone));
}

function parseRfc822(text: string): string | undefined {
  const m = RFC822.exec(text);
  if (!m) return undefined;
  const [, day, monthName = "", yearText = "", hour = "0", minute = "0", second = "0", zone] = m;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  if (month === 0) return undefined;
  // Two-digit years (RFC 822 proper): 00-49 are this century, 50-99 the last.
  const year = yearText.length === 2 ? Number(yearText) + (Number(yearText) < 50 ? 2000 : 1900) : Number(yearText);
  return build(year, month, Number(day), Number(hour), Number(minute), Number(second), 0, zoneOffset(zone));
}

/** Minutes east of UTC; undefined zone means UTC; an unknown name makes the date unreadable (NaN). */
function zoneOffset(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const named = NAMED_ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return Number.NaN;
  const [, sign, hours = "0", minutes = "0"] = m;
  const offset = Number(hours) * 60 + Number(minutes);
  return sign === "-" ? -offset : offset;
}

function build(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMinutes: number): string | undefined {
  if (Number.isNaN(offsetMinutes) || hour > 23 || minute > 59 || second > 60) return undefined;
  // A leap second (":60") is read as the last second of its minute.
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March; a calendar date that rolls over is not a date.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(utc - offsetMinutes * 60_000).toISOString();
}
