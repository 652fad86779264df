/**
 * Post times as live-blog scrapes print them: "08:15", "Posted at 08:15",
 * "Posted at 14:1414:14" (the visible and the hidden copy glued together),
 * "08:15 GMT", "4.25pm BST" (dots, as some outlets print them), with a date
 * before or after ("Tue 4 Jun 2024 16.25 BST", "2:14 p.m. ET, June 4, 2024"),
 * glued to a title ("...published at 12:36 Greenwich Mean Time") or leading
 * it ("16:30 GMT – Title"). Times are kept as printed ("08:15", "4.25pm");
 * the zone words become Story.timeZone; the date is left to the page's own.
 */

export interface PrintedTime {
  /** The clock time as printed, e.g. "08:15" or "8:15pm". */
  time: string;
  /** Zone words printed after the time, e.g. "Greenwich Mean Time" or "BST". */
  zone?: string;
}

const CLOCK = /^(\d{1,2}[:.][0-5]\d)(\s?(?:am|pm|a\.m\.|p\.m\.))?/i;
const LEAD_INS = ["posted at ", "published at ", "updated at "];
const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
/** A date printed before the clock: "Tue 4 Jun 2024 ", "June 4, 2024 at ". */
const DATE_BEFORE = new RegExp(
  `^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?(?:\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4}),?\\s+(?:at\\s+)?(?=\\d)`,
  "i",
);
/** A date printed after the clock and zone: ", June 4, 2024", " 4 June 2024". */
const DATE_AFTER = new RegExp(`(?:,?\\s+(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?(?:\\d{1,2}\\s+${MONTH}|${MONTH}\\s+\\d{1,2})(?:,?\\s+\\d{4})?)$`, "i");
/** What may follow the clock: zone words, optionally the glued second copy of the time. */
const AFTER_CLOCK = /^\s*([A-Za-z][A-Za-z ]{1,30}?)?\s*(?:\d{1,2}:\d{2}\s*(?:[A-Z]{2,5})?)?$/;
const ZONE_WORDS = /^(?:[A-Z]{2,5}|(?:Greenwich Mean|British Summer|Central European(?: Summer)?|Eastern(?: Standard| Daylight)?|Pacific(?: Standard| Daylight)?|Coordinated Universal) Time)$/;

/** Reads a line that is only a time, with or without "Posted at"; undefined otherwise. */
export function parseTimeLine(text: string): PrintedTime | undefined {
  if (text.length > 60) return undefined;
  let rest = text;
  const lower = text.toLowerCase();
  for (const leadIn of LEAD_INS) {
    if (lower.startsWith(leadIn)) {
      rest = text.slice(leadIn.length).trimStart();
      break;
    }
  }
  rest = rest.replace(DATE_BEFORE, "");
  const clock = CLOCK.exec(rest);
  if (!clock) return undefined;
  if (!validClock(clock[1]!, clock[2] !== undefined)) return undefined;
  const after = AFTER_CLOCK.exec(rest.slice(clock[0].length).replace(DATE_AFTER, ""));
  if (!after) return undefined;
  const zone = after[1]?.trim();
  if (zone && !ZONE_WORDS.test(zone)) return undefined;
  const time = clock[0].trim();
  return zone ? { time, zone } : { time };
}

/** Hours and minutes that make a time of day: "4.25" is one only as "4.25pm" or "16.25". */
function validClock(clock: string, meridiem: boolean): boolean {
  const [hours, minutes] = clock.split(/[:.]/).map(Number) as [number, number];
  if (minutes > 59) return false;
  if (meridiem) return hours >= 1 && hours <= 12;
  if (clock.includes(".")) return clock.length === 5 && hours <= 23; // "16.25", never "4.25" (a decimal)
  return hours <= 23;
}

const LEADING_TIME_SEPARATOR = /^(.{4,40}?)\s+[–—-]\s+(\S.*)$/;

/**
 * Splits "16:30 GMT – Talks resume in Geneva" into the time and the title.
 * Returns undefined when the line does not open with a time and a dash.
 */
export function splitLeadingTime(text: string): { title: string; time: PrintedTime } | undefined {
  const c = text.charCodeAt(0);
  if (c < 48 || c > 57 || text.length > 200) return undefined;
  const parts = LEADING_TIME_SEPARATOR.exec(text);
  if (!parts) return undefined;
  const time = parseTimeLine(parts[1]!);
  return time ? { title: parts[2]!.trim(), time } : undefined;
}

/**
 * Splits "Kremlin confirms arrivalpublished at 12:36 Greenwich Mean Time" into
 * the title and its time. Returns undefined when the title carries no time.
 */
export function splitGluedTime(title: string): { title: string; time: PrintedTime } | undefined {
  const lower = title.toLowerCase();
  for (const leadIn of ["published at ", "posted at "]) {
    const at = lower.lastIndexOf(leadIn);
    if (at <= 0) continue;
    const time = parseTimeLine(title.slice(at));
    if (time) return { title: title.slice(0, at).trim(), time };
  }
  return undefined;
}

/** "UK" -> "Europe/London"; labels with no known zone are kept as printed. */
export function zoneFromLabel(label: string): string {
  const key = label.trim().replace(/\.$/, "").toLowerCase();
  switch (key) {
    case "uk":
    case "gmt":
    case "bst":
    case "greenwich mean time":
    case "british summer time":
    case "uk time":
      return "Europe/London";
    case "utc":
    case "coordinated universal time":
      return "UTC";
    case "et":
    case "est":
    case "edt":
    case "eastern time":
    case "eastern standard time":
    case "eastern daylight time":
      return "America/New_York";
    case "pt":
    case "pst":
    case "pdt":
    case "pacific time":
      return "America/Los_Angeles";
    case "cet":
    case "cest":
    case "central european time":
    case "central european summer time":
      return "Europe/Paris";
    default:
      return label.trim();
  }
}
