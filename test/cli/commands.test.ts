// What every `news-digest` command shares through the kit (src/cli/kit/): --help made
// from its options, one line with a suggestion for a mistyped flag, and one exit-code
// table. In this process, through runCli as the binary runs it.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMAND_NAMES, COMMANDS } from "../../src/cli/commands.js";
import { EXIT } from "../../src/cli/kit/index.js";
import { runCliInProcess as cli } from "../support/cli.js";
import { tempDir } from "../support/temp.js";

const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/** A mistyped flag for each command, and the flag it should suggest. */
const TYPOS: Record<string, [typo: string, meant: string]> = {
  build: ["--stroies", "--stories"],
  shots: ["--edtion", "--edition"],
  preview: ["--prot", "--port"],
  inspect: ["--stroies", "--stories"],
  send: ["--lsit", "--list"],
  editions: ["--stat", "--state"],
  schedule: ["--corn", "--cron"],
  suppressions: ["--reaosn", "--reason"],
  bounces: ["--jsno", "--json"],
  serve: ["--prot", "--port"],
  archive: ["--otu", "--out"],
  worker: ["--queeu", "--queue"],
};

describe("news-digest itself", () => {
  it("--version and -V print the version in package.json", async () => {
    for (const flag of ["--version", "-V"]) {
      expect(await cli([flag])).toEqual({ code: 0, stdout: `news-digest ${version}\n`, stderr: "" });
    }
  });

  it("--help lists every command with its summary, on stdout", async () => {
    const { code, stdout, stderr } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^usage: news-digest <command> \[options\]\n/);
    for (const name of COMMAND_NAMES) expect(stdout).toContain(`  ${name} `);
    expect(stdout).toContain("-V, --version");
  });

  it("bare, prints the usage to stderr and exits 2", async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^usage: news-digest <command> \[options\]\n/);
  });

  it("answers an unknown command or option with one line and a suggestion, exit 2", async () => {
    expect(await cli(["biuld", "--json"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'news-digest: unknown command "biuld"; did you mean build? (news-digest --help lists them)\n',
    });
    expect(await cli(["--verison"])).toEqual({ code: 2, stdout: "", stderr: "news-digest: unknown option --verison; did you mean --version?\n" });
    const far = await cli(["launch-rockets"]);
    expect(far.stderr).toBe('news-digest: unknown command "launch-rockets" (news-digest --help lists them)\n');
  });
});

describe.each(COMMAND_NAMES)("news-digest %s", (name) => {
  it("--help shows the usage line and every option with its value and description", async () => {
    const command = await COMMANDS[name]!();
    for (const flag of ["--help", "-h"]) {
      const { code, stdout, stderr } = await cli([name, flag]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout).toBe(command.help());
    }
    const help = command.help();
    expect(help).toMatch(new RegExp(`^usage: news-digest ${name} `));
    expect(help).toContain("\noptions:\n");
    expect(help).toContain("-h, --help");
    expect(help).toMatch(/\n {2}--config FILE {2,}config file|\n {2}--json {2,}/);
  });

  it("answers a mistyped flag with one line naming the flag it looks like, exit 2", async () => {
    const [typo, meant] = TYPOS[name]!;
    const { code, stdout, stderr } = await cli([name, typo, "x"]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(`news-digest ${name}: unknown option ${typo}; did you mean ${meant}?\n`);
  });
});

describe("the exit-code table", () => {
  it("is one table: 0 done, 1 failed, 2 bad usage or input, 75 try again later", () => {
    expect(EXIT).toEqual({ done: 0, failed: 1, usage: 2, tryLater: 75 });
  });

  it("has a mistyped flag for every command in the test above", () => {
    expect(Object.keys(TYPOS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  describe("the same bad config file is 2 from every command that reads one", () => {
    // inspect reads stories only, no config; every other command reads one.
    const READERS = COMMAND_NAMES.filter((name) => name !== "inspect");
    let dir: string;
    let config: string;
    beforeAll(async () => {
      dir = await tempDir("nd-bad-config-");
      config = join(dir, "news-digest.config.json");
      await writeFile(config, '{\n  "limits": { "maxTopic": 2 }\n}\n');
    });
    const problem = () => `${config}:2: "limits.maxTopic": unknown key; did you mean "maxTopics"? (known keys here: maxTopics, storiesPerTopic, keyPoints)\n`;

    it.each(READERS)("%s --config FILE", async (name) => {
      const { code, stderr } = await cli([name, "--config", config, ...(name === "schedule" ? ["--once", "--list", "x.csv"] : [])], { env: {} });
      expect(code).toBe(2);
      expect(stderr).toBe(problem());
    });

    it.each(READERS)("%s with the file in its working directory", async (name) => {
      const { code, stderr } = await cli([name, ...(name === "schedule" ? ["--once", "--list", "x.csv"] : [])], { cwd: dir, env: {} });
      expect(code).toBe(2);
      expect(stderr).toBe(problem().replace(config, "news-digest.config.json"));
    });
  });

  it("inspect of a path that does not exist is 2", async () => {
    const { code, stderr } = await cli(["inspect", "/nonexistent"]);
    expect(code).toBe(2);
    expect(stderr).toBe("/nonexistent: path does not exist: expected a story file or a folder of them\n");
  });

  it("a flag without its value, a value for a switch, an argument where none is taken: one line each, 2", async () => {
    expect(await cli(["send", "--list"])).toEqual({ code: 2, stdout: "", stderr: "news-digest send: --list needs a value (--list FILE|NAME)\n" });
    expect(await cli(["build", "--out", "--json"])).toEqual({ code: 2, stdout: "", stderr: "news-digest build: --out needs a value (--out DIR)\n" });
    expect(await cli(["editions", "--json=yes"])).toEqual({ code: 2, stdout: "", stderr: "news-digest editions: --json takes no value\n" });
    expect(await cli(["send", "list.csv"])).toEqual({ code: 2, stdout: "", stderr: 'news-digest send: unexpected argument "list.csv"\n' });
  });
});
