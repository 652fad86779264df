/**
 * Reads a subscriber list as a stream of entries, one per row: CSV with a header row,
 * a JSON array of objects, or JSON Lines. Rows are produced as the file is read, under
 * back-pressure, so the list's size never shows up in memory. A bad row becomes an
 * "invalid" entry with the line it starts on; a file that cannot be read as a list at
 * all (missing, empty, no email column, not an array, a CSV row whose quoting breaks
 * the rows after it) throws a ListFileError naming the file and line.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream";
import type { CsvError } from "csv-parse";
import { lazyLibrary } from "../../text/index.js";
import type { Recipient } from "../../model.js";
import { checkAddress } from "./address.js";
import { JsonStructureError, jsonArrayElements } from "./json-elements.js";
import { LineEndingsToLf } from "./line-endings.js";

/** Required when a CSV list is read: `editions`, which reads none, never loads it. */
const csvParse = lazyLibrary<typeof import("csv-parse")>("csv-parse");

export type ListEntry =
  | { kind: "recipient"; line: number; recipient: Recipient }
  | { kind: "invalid"; line: number; reason: string };

/** The list file cannot be read as a list. The message names the file and line. */
export class ListFileError extends Error {}

export type ListFormat = "csv" | "json" | "jsonl";

/** Header names accepted for the address and the name columns (case-insensitive). */
const EMAIL_COLUMNS = ["email", "e-mail", "email address", "e-mail address", "mail"];
const NAME_COLUMNS = ["name", "full name", "fullname"];

export function listFormatOf(path: string): ListFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return "csv";
}

/**
 * The list's rows, with its first read already: a missing file, a folder, a CSV without
 * an email column or a JSON file that is not an array throws ListFileError here, before
 * a run takes a lock or says anything about sending.
 */
export async function openRecipientList(path: string, format: ListFormat = listFormatOf(path)): Promise<AsyncIterable<ListEntry>> {
  const rows = readRecipientList(path, format);
  const first = await rows.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      yield* rows;
    },
  };
}

/**
 * About how many rows the list has, for a progress bar: its newlines counted without
 * parsing (a CSV's header is not a row), so the list is parsed once, by the run. Only a
 * regular file can be read twice: a pipe (`--list <(export-subscribers)`) would be
 * drained, so it gets no estimate; nor does a JSON array, whose rows need not be lines.
 */
export async function estimateRows(path: string, format: ListFormat = listFormatOf(path)): Promise<number | undefined> {
  try {
    if (format === "json" || !(await stat(path)).isFile()) return undefined;
    let lines = 0;
    let last = 0x0a;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++;
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    }
    if (last !== 0x0a) lines++;
    return format === "csv" ? Math.max(0, lines - 1) : lines;
  } catch {
    return undefined; // the run reports the problem
  }
}

/** Throws ListFileError unless `path` is there to be read as a list (without reading it: it may be a pipe). */
export async function checkListFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    // Pipes are welcome (`--list <(export-subscribers)`); only a folder is a mistake.
    if (info.isDirectory()) throw new ListFileError(`${path}: expected a subscriber list file, found a directory`);
  } catch (error) {
    if (error instanceof ListFileError) throw error;
    throw new ListFileError(`${path}: cannot read the subscriber list (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Every row of the list, in file order. */
export async function* readRecipientList(path: string, format: ListFormat = listFormatOf(path)): AsyncGenerator<ListEntry> {
  await checkListFile(path);
  if (format === "csv") yield* readCsv(path);
  else if (format === "json") yield* readJsonArray(path);
  else yield* readJsonLines(path);
}

async function* readCsv(path: string): AsyncGenerator<ListEntry> {
  let emailColumn: string | undefined;
  let nameColumn: string | undefined;
  // Last line of the last well-formed record: a broken row starts just after it.
  let lastGoodLine = 1;
  // No skip_records_with_error: a stray quote makes the parser read the following lines
  // as part of one quoted field, so "skipping" that record would silently drop the
  // subscribers after it. A malformed row stops the list instead, naming where it starts.
  const parser = csvParse().parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    // The record's own text, to tell the line it starts on (see firstLineOf).
    raw: true,
    // Every line ends in "\n" by now (LineEndingsToLf): no guessing from the first line.
    record_delimiter: "\n",
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const lower = names.map((h) => h.toLowerCase());
      const email = names[lower.findIndex((h) => EMAIL_COLUMNS.includes(h))];
      if (email === undefined) {
        throw new ListFileError(`${path}:1: expected a header row with an "email" column, found ${JSON.stringify(names.slice(0, 6))}`);
      }
      emailColumn = email;
      nameColumn = names[lower.findIndex((h) => NAME_COLUMNS.includes(h))];
      return names;
    },
    on_record: (record: Record<string, string>, context: { lines: number }) => {
      lastGoodLine = context.lines;
      return record;
    },
  });
  const input = createReadStream(path, { encoding: "utf8" });
  // Any stage's error (an unreadable file) ends the parser's iteration with it.
  pipeline(input, new LineEndingsToLf(), parser, () => undefined);
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
      const { record, info, raw } = item;
      const fields: Record<string, string> = {};
      for (const [column, value] of Object.entries(record)) {
        if (column !== emailColumn && column !== nameColumn && column !== "" && value !== undefined) fields[column] = value;
      }
      yield entryFrom(firstLineOf(raw, info.lines), record[emailColumn!], nameColumn === undefined ? undefined : record[nameColumn], fields);
    }
  } catch (error) {
    if (error instanceof ListFileError) throw error;
    const csv = error as CsvError & { lines?: number };
    if (typeof csv.code !== "string") throw new ListFileError(`${path}: ${csv.message}`);
    const start = lastGoodLine + 1;
    const where = csv.lines !== undefined && csv.lines !== start ? ` (noticed at line ${csv.lines})` : "";
    throw new ListFileError(
      `${path}:${start}: malformed CSV row, most likely a stray or unclosed quote${where}: ${csv.message.replace(/\s+/g, " ")}; ` +
        "the rows after it cannot be read reliably, so the list stops here: fix that row and run again",
    );
  } finally {
    input.destroy();
  }
  // An empty file has no header to check; sending to nobody with exit 0 would hide it.
  if (emailColumn === undefined) throw new ListFileError(`${path}: the list is empty: expected a header row with an "email" column`);
}

/**
 * The line a record starts on, which is where a reader looks for it: csv-parse counts to
 * its last line, so a quoted field spanning lines would point below the row. `raw` is
 * the record's text, after any blank lines skipped before it, and ends with its "\n"
 * (unless it is the file's last line).
 */
function firstLineOf(raw: string, lastLine: number): number {
  const text = raw.replace(/^(?:[^\S\n]*\n)+/, "").replace(/\n$/, "");
  let breaks = 0;
  for (const char of text) if (char === "\n") breaks++;
  return lastLine - breaks;
}

async function* readJsonArray(path: string): AsyncGenerator<ListEntry> {
  const input = createReadStream(path, { encoding: "utf8" });
  try {
    for await (const element of jsonArrayElements(input as AsyncIterable<string>)) {
      yield entryFromJson(element.text, element.line);
    }
  } catch (error) {
    if (error instanceof JsonStructureError) throw new ListFileError(`${path}:${error.line}: ${error.message}`);
    throw new ListFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.destroy();
  }
}

async function* readJsonLines(path: string): AsyncGenerator<ListEntry> {
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
      if (trimmed !== "") yield entryFromJson(trimmed, line);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function entryFromJson(text: string, line: number): ListEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", line, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { kind: "invalid", line, reason: 'expected an object like {"email": "...", "name": "..."}' };
  }
  const record = value as Record<string, unknown>;
  const emailKey = Object.keys(record).find((k) => EMAIL_COLUMNS.includes(k.toLowerCase()));
  const nameKey = Object.keys(record).find((k) => NAME_COLUMNS.includes(k.toLowerCase()));
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(record)) {
    if (key === emailKey || key === nameKey) continue;
    // Templates can only print scalars; nested values are left out rather than "[object Object]".
    if (typeof field === "string" || typeof field === "number" || typeof field === "boolean") fields[key] = String(field);
  }
  const email = emailKey === undefined ? undefined : record[emailKey];
  const name = nameKey === undefined ? undefined : record[nameKey];
  if (email !== undefined && typeof email !== "string") return { kind: "invalid", line, reason: '"email" must be a string' };
  return entryFrom(line, email, typeof name === "string" ? name : undefined, fields);
}

function entryFrom(line: number, email: string | undefined, name: string | undefined, fields: Record<string, string>): ListEntry {
  if (email === undefined || email.trim() === "") return { kind: "invalid", line, reason: "no email address" };
  const checked = checkAddress(email);
  if (!checked.ok) return { kind: "invalid", line, reason: checked.reason };
  const recipient: Recipient = { email: checked.email };
  const cleanName = name?.trim();
  if (cleanName) recipient.name = cleanName;
  if (Object.keys(fields).length > 0) recipient.fields = fields;
  return { kind: "recipient", line, recipient };
}
