/**
 * The Handlebars helpers templates may use. Dates are shown in the edition's time
 * zone and relative times count from the edition's `now`, both read from the
 * Digest (`edition.timeZone`, `edition.now`), so rendering stays a pure function
 * of its input.
 *
 *   {{formatDate story.publishedAt}}            Thursday 20 June 2024
 *   {{formatDate story.publishedAt "d MMM"}}    20 Jun   (date-fns pattern)
 *   {{formatTime point.at}}                     08:15
 *   {{relativeTime point.at}}                   2 hours ago
 *   {{plural counts.stories "story" "stories"}} 12 stories
 *   {{truncateWords story.lede 30}}             first 30 words…
 *   {{join story.alsoFrom ", "}}                BBC News, Reuters
 *   {{underline label "="}}                     ===== as long as the label (plain-text headings)
 *   {{#if (eq story.kind "liveblog")}}          comparison
 *   {{field "city"}}                            a recipient's extra column, filled per reader
 */
import type { HelperDelegate, HelperOptions } from "handlebars";
import { CLOCK, LONG_DATE, formatInZone, parseInstant, relativeTime } from "../text/index.js";
import { truncateWords } from "../text/index.js";
import { fieldPlaceholder, isFieldName } from "./placeholders.js";

/** A helper's complaint about its arguments; the renderer adds the template file and line. */
export class HelperError extends Error {
  constructor(
    message: string,
    readonly loc?: { start: { line: number; column: number } },
  ) {
    super(message);
    this.name = "HelperError";
  }
}

interface EditionClock {
  timeZone: string;
  now: Date;
}

/** The last argument Handlebars passes is the options object; the rest are the template's. */
function split(raw: unknown[]): { params: unknown[]; options: HelperOptions } {
  return { params: raw.slice(0, -1), options: raw[raw.length - 1] as HelperOptions };
}

function clockOf(options: HelperOptions): EditionClock {
  const edition = (options.data as { root?: { edition?: { timeZone?: unknown; now?: unknown } } } | undefined)?.root
    ?.edition;
  const timeZone = typeof edition?.timeZone === "string" ? edition.timeZone : "UTC";
  const now = typeof edition?.now === "string" ? parseInstant(edition.now) : undefined;
  return { timeZone, now: now ?? new Date(0) };
}

function instantArg(name: string, value: unknown): Date | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const instant = typeof value === "string" || value instanceof Date ? parseInstant(value) : undefined;
  if (!instant) throw new Error(`${name}: expected an ISO 8601 date, got ${JSON.stringify(value)}`);
  return instant;
}

function count(name: string, value: unknown): number {
  const n = typeof value === "number" ? value : Array.isArray(value) ? value.length : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`${name}: expected a number or a list, got ${JSON.stringify(value)}`);
  return n;
}

const helpers: Record<string, (params: unknown[], options: HelperOptions) => unknown> = {
  formatDate([value, pattern], options) {
    const instant = instantArg("formatDate", value);
    if (!instant) return "";
    if (pattern !== undefined && typeof pattern !== "string") throw new Error("formatDate: the pattern must be a string");
    return formatInZone(instant, clockOf(options).timeZone, pattern ?? LONG_DATE);
  },
  formatTime([value], options) {
    const instant = instantArg("formatTime", value);
    return instant ? formatInZone(instant, clockOf(options).timeZone, CLOCK) : "";
  },
  relativeTime([value], options) {
    const instant = instantArg("relativeTime", value);
    return instant ? relativeTime(instant, clockOf(options).now) : "";
  },
  plural([value, singular, plural]) {
    const n = count("plural", value);
    if (typeof singular !== "string") throw new Error('plural: expected a word, as in {{plural n "story" "stories"}}');
    const word = n === 1 ? singular : typeof plural === "string" ? plural : `${singular}s`;
    return `${n} ${word}`;
  },
  truncateWords([text, max]) {
    if (text === null || text === undefined) return "";
    if (typeof text !== "string") throw new Error("truncateWords: expected text");
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1) {
      throw new Error("truncateWords: expected a whole number of words, as in {{truncateWords story.lede 30}}");
    }
    return truncateWords(text, max);
  },
  join([list, separator]) {
    if (!Array.isArray(list)) throw new Error("join: expected a list");
    return list.join(typeof separator === "string" ? separator : ", ");
  },
  underline([text, character]) {
    if (typeof text !== "string") throw new Error("underline: expected text");
    const ch = typeof character === "string" && character.length === 1 ? character : "-";
    return ch.repeat(Math.min([...text].length, 78));
  },
  eq([a, b]) {
    return a === b;
  },
  field([name]) {
    if (typeof name !== "string" || !isFieldName(name)) {
      throw new Error('field: expected a column name of letters, digits, "-" or "_", as in {{field "city"}}');
    }
    return fieldPlaceholder(name);
  },
};

/** Helper names, for error messages and documentation. */
export const HELPER_NAMES = Object.keys(helpers);

/** The helpers as Handlebars delegates; a bad argument becomes a HelperError carrying the call's position. */
export function handlebarsHelpers(): Record<string, HelperDelegate> {
  const out: Record<string, HelperDelegate> = {};
  for (const [name, helper] of Object.entries(helpers)) {
    out[name] = (...raw: unknown[]) => {
      const { params, options } = split(raw);
      try {
        return helper(params, options);
      } catch (error) {
        const loc = (options as HelperOptions & { loc?: HelperError["loc"] }).loc;
        throw new HelperError(error instanceof Error ? error.message : String(error), loc);
      }
    };
  }
  return out;
}
