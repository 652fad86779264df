// The list as the send command sees it: its key in the state folder, and a pipe that
// must not be drained before the send reads it.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { countRows } from "../../../src/cli/send.js";
import { listKeyFor } from "../../../src/deliver/send/state-paths.js";
import { tempDir } from "../../support/temp.js";

describe("list key", () => {
  it("keeps same-named lists in different folders apart, and one file by any path together", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "uk"));
    await mkdir(join(dir, "us"));
    const uk = join(dir, "uk", "subscribers.csv");
    const us = join(dir, "us", "subscribers.csv");
    await writeFile(uk, "email\na@example.org\n");
    await writeFile(us, "email\nb@example.org\n");
    const ukKey = listKeyFor("digest.example.com", uk);
    expect(ukKey).not.toBe(listKeyFor("digest.example.com", us));
    expect(ukKey).toMatch(/^digest\.example\.com--subscribers-[0-9a-f]{8}$/);
    expect(listKeyFor("digest.example.com", relative(process.cwd(), uk))).toBe(ukKey);
    expect(listKeyFor("digest.example.com", join(dir, "uk", "..", "uk", "subscribers.csv"))).toBe(ukKey);
  });
});

describe("progress bar total", () => {
  it("counts a regular file, but leaves a pipe unread for the send", async () => {
    const dir = await tempDir();
    const file = join(dir, "list.csv");
    await writeFile(file, "email\na@example.org\nb@example.org\n");
    expect(await countRows(file)).toBe(2);

    // A named pipe with no writer yet: reading it would block (and, with a writer, drain
    // it); the count must not touch it.
    const fifo = join(dir, "list-pipe.csv");
    execFileSync("mkfifo", [fifo]);
    expect(await countRows(fifo)).toBeUndefined();
  }, 5_000);
});
