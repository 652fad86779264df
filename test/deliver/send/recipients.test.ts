// Subscriber lists: CSV, JSON and JSON Lines, read as streams, bad rows reported by line.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateRows, ListFileError, readRecipientList, type ListEntry } from "../../../src/deliver/send/recipients.js";
import { tempDir } from "../../support/temp.js";

async function read(path: string): Promise<ListEntry[]> {
  const entries: ListEntry[] = [];
  for await (const entry of readRecipientList(path)) entries.push(entry);
  return entries;
}

async function listFile(name: string, text: string): Promise<string> {
  const path = join(await tempDir("nd-list-"), name);
  await writeFile(path, text);
  return path;
}

describe("readRecipientList", () => {
  it("reads CSV: any header case, BOM, quoted fields, extra columns as fields, bad rows by line", async () => {
    const path = await listFile(
      "people.csv",
      "\uFEFFE-Mail,Full Name,City,Plan\r\n" +
        'ann@example.org,"Example, Ann",Leeds,gold\r\n' +
        "\r\n" +
        '"bob@example.org","Bob ""The Builder""",York\r\n' +
        "not-an-address,Nobody,Hull,free\r\n" +
        '"cat@example.org","Cat\nMultiline",Bath,free\r\n',
    );
    expect(await read(path)).toEqual([
      { kind: "recipient", line: 2, recipient: { email: "ann@example.org", name: "Example, Ann", fields: { City: "Leeds", Plan: "gold" } } },
      { kind: "recipient", line: 4, recipient: { email: "bob@example.org", name: 'Bob "The Builder"', fields: { City: "York" } } },
      { kind: "invalid", line: 5, reason: expect.stringContaining('"not-an-address" has no @') },
      { kind: "recipient", line: 6, recipient: { email: "cat@example.org", name: "Cat\nMultiline", fields: { City: "Bath", Plan: "free" } } },
    ]);
  });

  it("reads every row whatever its line ending: a CRLF header and a later LF row are two rows, not one", async () => {
    const path = await listFile(
      "mixed.csv",
      "email,name\r\nalice@example.org,Alice\r\nbob@example.org,Bob\ncarol@example.org,Carol\r\ndan@example.org,Dan\r\n",
    );
    expect(await read(path)).toEqual([
      { kind: "recipient", line: 2, recipient: { email: "alice@example.org", name: "Alice" } },
      { kind: "recipient", line: 3, recipient: { email: "bob@example.org", name: "Bob" } },
      { kind: "recipient", line: 4, recipient: { email: "carol@example.org", name: "Carol" } },
      { kind: "recipient", line: 5, recipient: { email: "dan@example.org", name: "Dan" } },
    ]);
    // Old Mac line ends (a lone CR) are line ends too.
    const mac = await listFile("mac.csv", "email,name\rann@example.org,Ann\rbob@example.org,Bob\r");
    expect((await read(mac)).map((e) => [e.line, e.kind === "recipient" ? e.recipient.name : e.reason])).toEqual([
      [2, "Ann"],
      [3, "Bob"],
    ]);
  });

  it("reads back any list of addresses and names, whatever the line endings, quoting and BOM", async () => {
    const dir = await tempDir("nd-list-prop-");
    const address = fc
      .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,12}[a-z0-9]$/), fc.constantFrom("example.org", "mail.example.com", "xn--bcher-kva.example"))
      .filter(([local]) => !local.includes(".."))
      .map(([local, domain]) => `${local}@${domain}`);
    const name = fc
      .string({ unit: fc.constantFrom("a", "Z", "é", " ", ",", '"', "'", ";", "-"), maxLength: 16 })
      .map((text) => text.trim());
    const ending = fc.constantFrom("\n", "\r\n");
    const field = (text: string, quoteAnyway: boolean): string =>
      quoteAnyway || /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    const row = fc.record({ email: address, name, ending, quoteEmail: fc.boolean(), quoteName: fc.boolean() });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), ending, fc.boolean(), async (rows, headerEnding, bom) => {
        const text =
          (bom ? "\uFEFF" : "") +
          "email,name" +
          headerEnding +
          rows.map((r) => `${field(r.email, r.quoteEmail)},${field(r.name, r.quoteName)}${r.ending}`).join("");
        const path = join(dir, `list-${run++}.csv`);
        await writeFile(path, text);
        const expected = rows.map((r, i) => ({
          kind: "recipient",
          line: i + 2,
          recipient: r.name === "" ? { email: r.email } : { email: r.email, name: r.name },
        }));
        expect(await read(path)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("reports a record that spans lines at its first line, whatever the line endings", async () => {
    const path = await listFile(
      "people.csv",
      'email,name\r\n\r\n"not-an-address","Two\r\nLines"\r\nann@example.org,"Ann\nof\nthree"\nbob@example.org,Bob\r\n',
    );
    expect((await read(path)).map((e) => [e.kind, e.line])).toEqual([
      ["invalid", 3],
      ["recipient", 5],
      ["recipient", 8],
    ]);
  });

  it("refuses a CSV without an email column, naming the file and line", async () => {
    const path = await listFile("people.csv", "name,city\nAnn,Leeds\n");
    await expect(read(path)).rejects.toThrow(ListFileError);
    await expect(read(path)).rejects.toThrow(`${path}:1: expected a header row with an "email" column, found ["name","city"]`);
    expect(await read(path).catch((error: Error) => error.message)).not.toContain("\n");
    await expect(read(join(path, "..", "missing.csv"))).rejects.toThrow(/missing\.csv: cannot read the subscriber list \(ENOENT\)/);
    // An empty file has no header at all: not a list of nobody.
    const empty = await listFile("empty.csv", "\r\n\n");
    await expect(read(empty)).rejects.toThrow(new ListFileError(`${empty}: the list is empty: expected a header row with an "email" column`));
  });

  it("refuses a CSV row with a stray quote instead of silently swallowing the rows after it", async () => {
    const unclosed = await listFile(
      "people.csv",
      "email,name\nann@example.org,Ann\nbob@example.com,\"Bob\ncat@example.org,Cat\ndan@example.org,Dan\n",
    );
    const seen: ListEntry[] = [];
    const reading = (async () => {
      for await (const entry of readRecipientList(unclosed)) seen.push(entry);
    })();
    await expect(reading).rejects.toThrow(ListFileError);
    await expect(read(unclosed)).rejects.toThrow(new RegExp(`^${unclosed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: malformed CSV row, most likely a stray or unclosed quote \\(noticed at line 5\\)`));
    // Nobody after the broken row is passed off as read: only ann came before it.
    expect(seen.map((e) => (e.kind === "recipient" ? e.recipient.email : e.kind))).not.toContain("dan@example.org");

    // A quoted field followed by junk used to drop the next row too (cat, here).
    const junk = await listFile("junk.csv", 'email,name\nann@example.org,Ann\nbob@example.com,"Bob" x\ncat@example.org,Cat\n');
    await expect(read(junk)).rejects.toThrow(`${junk}:3: malformed CSV row`);
    const message = await read(junk).catch((error: Error) => error.message);
    expect(message).not.toContain("\n");
  });

  it("reads a JSON array: one entry per element, bad elements by line, scalars kept as text fields", async () => {
    const path = await listFile(
      "people.json",
      '[\n  {"email": "ann@example.org", "name": "Ann", "age": 41, "vip": true, "tags": ["a"]},\n' +
        '  {"name": "No address"},\n  "bob@example.org",\n  {"Email": "Bob@Example.org", "city": "York [north]"}\n]\n',
    );
    expect(await read(path)).toEqual([
      { kind: "recipient", line: 2, recipient: { email: "ann@example.org", name: "Ann", fields: { age: "41", vip: "true" } } },
      { kind: "invalid", line: 3, reason: "no email address" },
      { kind: "invalid", line: 4, reason: expect.stringContaining("expected an object") },
      { kind: "recipient", line: 5, recipient: { email: "Bob@Example.org", fields: { city: "York [north]" } } },
    ]);
    const notArray = await listFile("people.json", '{"email": "ann@example.org"}');
    await expect(read(notArray)).rejects.toThrow(`${notArray}:1: expected a JSON array of recipients`);
  });

  it("reads JSON Lines, reporting an unreadable line and going on", async () => {
    const path = await listFile("people.jsonl", '{"email":"ann@example.org"}\n{"email": oops}\n\n{"email":"bob@example.org","name":"Bob"}\n');
    const entries = await read(path);
    expect(entries.map((e) => [e.kind, e.line])).toEqual([
      ["recipient", 1],
      ["invalid", 2],
      ["recipient", 4],
    ]);
    expect(entries[1]).toMatchObject({ reason: expect.stringContaining("not valid JSON") });
  });

  it.each(["csv", "json", "jsonl"])("streams %s: rows arrive while the file is still being written", async (format) => {
    // A named pipe: the writer waits for each row to come out of the reader before it
    // writes the next, so a reader that waited for the whole file would never finish.
    // (csv-parse holds a record until it sees the byte after its line end: one row of lag.)
    const lag = format === "csv" ? 1 : 0;
    const dir = await tempDir("nd-fifo-");
    const path = join(dir, `list.${format}`);
    execFileSync("mkfifo", [path]);
    const rows = 50;
    const row = (i: number) =>
      format === "csv" ? `p${i}@example.org,P ${i}\n` : format === "json" ? `${i === 1 ? "" : ","}{"email":"p${i}@example.org"}\n` : `{"email":"p${i}@example.org"}\n`;
    const reader = readRecipientList(path)[Symbol.asyncIterator]();
    const seen: string[] = [];
    const take = async () => {
      const entry = await reader.next();
      expect(entry.done).toBe(false);
      if (!entry.done && entry.value.kind === "recipient") seen.push(entry.value.recipient.email);
    };
    const writer = createWriteStream(path);
    writer.write(format === "csv" ? "email,name\n" : format === "json" ? "[\n" : "");
    for (let i = 1; i <= rows; i++) {
      writer.write(row(i));
      if (i > lag) {
        await take();
        expect(seen).toHaveLength(i - lag);
      }
    }
    writer.end(format === "json" ? "]\n" : "");
    await once(writer, "close");
    for (let i = 0; i < lag; i++) await take();
    expect((await reader.next()).done).toBe(true);
    expect(seen).toEqual(Array.from({ length: rows }, (_, i) => `p${i + 1}@example.org`));
  });
});

describe("estimateRows (the progress bar's total)", () => {
  it("counts a regular file's lines without parsing it, and leaves a pipe unread for the run", async () => {
    const dir = await tempDir();
    const csv = join(dir, "list.csv");
    await writeFile(csv, "email\na@example.org\nb@example.org");
    expect(await estimateRows(csv)).toBe(2);
    const jsonl = join(dir, "list.jsonl");
    await writeFile(jsonl, '{"email":"a@example.org"}\n{"email":"b@example.org"}\n');
    expect(await estimateRows(jsonl)).toBe(2);

    // A named pipe with no writer yet: reading it would block (and, with a writer, drain
    // it); the estimate must not touch it.
    const fifo = join(dir, "list-pipe.csv");
    execFileSync("mkfifo", [fifo]);
    expect(await estimateRows(fifo)).toBeUndefined();
  }, 5_000);
});
