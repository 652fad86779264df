// The kit's small parts on their own: the distance behind "did you mean", the one
// formatter for "file:line: message", and --help made from option declarations.
import { describe, expect, it } from "vitest";
import { defineCommand, formatLocated, terminalSafe } from "../../src/cli/kit/index.js";
import { closest, editDistance } from "../../src/cli/kit/suggest.js";

describe("did you mean", () => {
  it("counts a swapped pair of letters as one edit", () => {
    expect(editDistance("stroies", "stories")).toBe(1);
    expect(editDistance("jsno", "json")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only a name close enough to be what was meant", () => {
    expect(closest("--stroies", ["--stories", "--json", "--strict"])).toBe("--stories");
    expect(closest("--STORIES", ["--stories"])).toBe("--stories");
    expect(closest("--x", ["--json", "--out"])).toBeUndefined();
    expect(closest("anything", [])).toBeUndefined();
  });
});

describe("formatLocated", () => {
  it("writes file:line: message, or file: message without a line", () => {
    expect(formatLocated({ file: "stories/a.md", line: 3, message: "empty title" })).toBe("stories/a.md:3: empty title");
    expect(formatLocated({ file: "stories/a.md", message: "empty file" })).toBe("stories/a.md: empty file");
  });

  it("keeps a hostile file name's escape sequences and line breaks from the terminal", () => {
    const line = formatLocated({ file: "evil\u001b]0;owned\u0007\nfake.md", line: 1, message: "bad" });
    expect(line).toBe("evil\ufffd]0;owned\ufffd\ufffdfake.md:1: bad");
    expect(terminalSafe("tab\tstays")).toBe("tab\tstays");
  });
});

describe("defineCommand", () => {
  const command = defineCommand({
    name: "demo",
    summary: "a demonstration",
    usage: "[options] [paths...]",
    about: "Says what it does.",
    options: {
      out: { type: "string", value: "DIR", description: "output folder" },
      verbose: { type: "boolean", short: "v", description: "say more ".repeat(20).trim() },
    },
    positionals: true,
    run: async ({ values, positionals, io }) => {
      io.stdout(JSON.stringify({ values, positionals }));
      return 0;
    },
  });
  const io = (out: string[]) => ({ stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), env: {}, cwd: "/", signal: new AbortController().signal });

  it("makes --help from the options, long descriptions wrapped under their column", () => {
    const help = command.help();
    expect(help.split("\n").slice(0, 6)).toEqual(["usage: news-digest demo [options] [paths...]", "", "Says what it does.", "", "options:", "  --out DIR      output folder"]);
    const verbose = help.split("\n").filter((l) => l.includes("say more"));
    expect(verbose.length).toBeGreaterThan(1);
    expect(verbose[0]).toMatch(/^ {2}-v, --verbose {2}say more/);
    for (const line of verbose.slice(1)) expect(line).toMatch(/^ {17}say more/);
    expect(Math.max(...help.split("\n").map((l) => l.length))).toBeLessThanOrEqual(88);
  });

  it("gives run() the parsed values and positionals", async () => {
    const out: string[] = [];
    expect(await command.run(["-v", "a", "--out", "o", "b"], io(out))).toBe(0);
    expect(JSON.parse(out.join(""))).toEqual({ values: { verbose: true, out: "o" }, positionals: ["a", "b"] });
  });
});
