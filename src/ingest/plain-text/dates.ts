/**
 * Dates as article scrapes print them: on their own line ("June 19, 2024",
 * "Published Jun 19, 2024 at 10:15 AM EDT") or glued to the first sentence
 * ("Jun 19, 2024Putin arrived..."). Only the calendar date is kept (ISO
 * "2024-06-19"): the printed clock time rarely names a zone we could trust.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const WEEKDAY = "(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\\.?,?\\s+)?";
const CLOCK = "(?:,?\\s*(?:at\\s+)?\\d{1,2}[:.]\\d{2}(?:\\s*(?:am|pm|a\\.m\\.|p\\.m\\.))?(?:\\s+(?:GMT|BST|UTC|EDT|EST|ET|CET|CEST|PDT|PST|PT|CDT|CST|CT|IST|JST|KST|AEST|AEDT)\\b)?)?";
/** Month-first, day-first and ISO dates at the start of a line. */
const DATE_AT_START = new RegExp(
  `^${WEEKDAY}(?:${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})|(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})|(\\d{4})-(\\d{2})-(\\d{2})(?:T\\d{2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)?)${CLOCK}`,
  "i",
);

export interface DateTag {
  /** ISO calendar date, "2024-06-19". */
  date: string;
  /** The text after the tag and its separator ("" when the line is only a date). */
  rest: string;
}

/** Reads a date at the start of a line; undefined when the line does not start with one. */
export function readDateTag(text: string): DateTag | undefined {
  const first = text.charAt(0);
  if (!/[A-Za-z0-9]/.test(first)) return undefined;
  const match = DATE_AT_START.exec(text);
  if (!match) return undefined;
  let year: number, month: number, day: number;
  if (match[1] !== undefined) {
    month = MONTHS[match[1].slice(0, match[1].toLowerCase().startsWith("sept") ? 4 : 3).toLowerCase()]!;
    day = Number(match[2]);
    year = Number(match[3]);
  } else if (match[4] !== undefined) {
    day = Number(match[4]);
    month = MONTHS[match[5]!.slice(0, match[5]!.toLowerCase().startsWith("sept") ? 4 : 3).toLowerCase()]!;
    year = Number(match[6]);
  } else {
    year = Number(match[7]);
    month = Number(match[8]);
    day = Number(match[9]);
  }
  if (!validDate(year, month, day)) return undefined;
  const rest = text.slice(match[0].length).replace(/^\s*(?:[-–—|:•·]\s*)?/, "");
  return { date: `${year}-${pad(month)}-${pad(day)}`, rest };
}

/** "Published June 19, 2024" / "Updated: Jun 20, 2024 at 6:18 AM EDT" -> which and the date. */
export function readDateLine(text: string): { kind: "published" | "updated"; date: string } | undefined {
  if (text.length > 80) return undefined;
  const lead = /^(published|updated|last updated|posted|first published)(?:\s+on)?\s*:?\s*/i.exec(text);
  const tag = readDateTag(lead ? text.slice(lead[0].length) : text);
  if (!tag || tag.rest !== "") return undefined;
  const kind = lead && /updated/i.test(lead[1]!) ? "updated" : "published";
  return { kind, date: tag.date };
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
