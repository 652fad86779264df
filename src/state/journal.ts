/**
 * A journal: an append-only JSON Lines file that more than one process may append to
 * and read back (the suppression list, the bounce record). Appends are DurableAppender
 * lines in an owner-only file: each batch is one O_APPEND write, so lines from two
 * processes never interleave. Reading is incremental and synchronous: a store can ask
 * "did anyone append since I last looked?" (one fstat) before each answer, and read only
 * the new lines when the file grew.
 *
 * A torn last line (a write cut short by a crash) is cut off when the journal is opened,
 * so the next line starts on a line of its own; a line that is not JSON is reported
 * `file:line:` and skipped. What a line means is the caller's business. The atomic
 * appends are those of a local file system; on a network one (NFS) keep one writer.
 */
import { closeSync, fstatSync, openSync, readSync, truncateSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { DurableAppender } from "./durable-append.js";
import { PRIVATE_FILE_MODE } from "./private-file.js";

export type JournalWarn = (message: string) => void;

/** What reads the journal's lines, in file order. */
export interface JournalReader {
  /** One JSON value, with its line number (from 1) for messages. */
  line(value: unknown, line: number): void;
  /** The file shrank (edited by hand): the lines start from the top again, and earlier ones no longer count. */
  restart(): void;
}

const NEWLINE = 0x0a;

export class Journal {
  /** Bytes read so far: always just past a newline. */
  private offset = 0;
  private linesRead = 0;

  private constructor(
    readonly path: string,
    private readonly appender: DurableAppender,
    private readonly reader: number,
    private readonly warn: JournalWarn,
  ) {}

  /** Opens (creating it owner-only, with its folder) and cuts a torn last line; call readNew() for what is in it. */
  static async open(path: string, warn: JournalWarn): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const appender = await DurableAppender.open(path, PRIVATE_FILE_MODE);
    const journal = new Journal(path, appender, openSync(path, "r"), warn);
    journal.cutTornTail();
    return journal;
  }

  /** Resolves once the line is on disk. */
  append(value: object): Promise<void> {
    return this.appender.append(JSON.stringify(value) + "\n");
  }

  /** Hands `reader` the complete lines appended since the last call (on the first call, the whole file). */
  readNew(reader: JournalReader): void {
    const size = fstatSync(this.reader).size;
    if (size < this.offset) {
      this.offset = 0;
      this.linesRead = 0;
      reader.restart();
    }
    const end = this.completeEnd(size);
    if (end <= this.offset) return;
    const text = this.readRange(this.offset, end).toString("utf8");
    this.offset = end;
    for (const raw of text.slice(0, -1).split("\n")) {
      const line = ++this.linesRead;
      if (raw.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        this.warnAt(line, "not JSON; skipped");
        continue;
      }
      reader.line(value, line);
    }
  }

  /** Reports a problem with one line as `file:line: message`. */
  warnAt(line: number, message: string): void {
    this.warn(`${this.path}:${line}: ${message}`);
  }

  /** Waits for every append so far to be on disk, then closes the file. */
  async close(): Promise<void> {
    try {
      await this.appender.close();
    } finally {
      closeSync(this.reader);
    }
  }

  /** A last line without its newline is a write a crash cut short: cut it off before appending after it. */
  private cutTornTail(): void {
    const size = fstatSync(this.reader).size;
    const end = this.completeEnd(size);
    if (end === size) return;
    const tornLine = this.countNewlines(end) + 1;
    // Grown meanwhile: a live process was appending, and what looked torn was its line on the way in.
    if (fstatSync(this.reader).size !== size) return;
    truncateSync(this.path, end);
    this.warnAt(tornLine, "torn last line (a write cut short); cut off");
  }

  /** Offset just past the last newline at or before `size` (not before what was read already). */
  private completeEnd(size: number): number {
    const BLOCK = 65_536;
    for (let blockEnd = size; blockEnd > this.offset; blockEnd -= BLOCK) {
      const blockStart = Math.max(this.offset, blockEnd - BLOCK);
      const at = this.readRange(blockStart, blockEnd).lastIndexOf(NEWLINE);
      if (at >= 0) return blockStart + at + 1;
    }
    return this.offset;
  }

  private countNewlines(end: number): number {
    let count = 0;
    const bytes = this.readRange(0, end);
    for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
    return count;
  }

  private readRange(start: number, end: number): Buffer {
    const buffer = Buffer.alloc(end - start);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(this.reader, buffer, filled, buffer.length - filled, start + filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  }
}
