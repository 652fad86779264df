/**
 * Post times as live-blog scrapes print them: "08:15", "Posted at 08:15",
 * "Posted at 14:1414:14" (the visible and the hidden copy glued together),
 * "08:15 GMT", and glued to a title: "...published at 12:36 Greenwich Mean Time".
 * Times are kept as printed ("08:15"); the zone words become Story.timeZone.
 */

export interface PrintedTime {
  /** The clock time as printed, e.g. "08:15" or "8:15pm". */
  time: string;
  /** Zone words printed after the time, e.g. "Greenwich Mean Time" or "BST". */
  zone?: string;
}

const CLOCK = /^(\d{1,2}:\d{2})(\s?(?:am|pm|a\.m\.|p\.m\.))?/i;
const LEAD_INS = ["posted at ", "published at ", "updated at "];
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
  const clock = CLOCK.exec(rest);
  if (!clock) return undefined;
  const after = AFTER_CLOCK.exec(rest.slice(clock[0].length));
  if (!after) return undefined;
  const zone = after[1]?.trim();
  if (zone && !ZONE_WORDS.test(zone)) return undefined;
  const time = clock[0].trim();
  return zone ? { time, zone } : { time };
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
