// The preview's file watcher on a real file system: nested partial folders, editors
// that save by writing a temporary file and renaming it over the original (vim,
// JetBrains), folders that appear or are replaced, and a config file that does not
// exist yet.
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isScratchFile, watchTree, type TreeWatcher } from "../../../src/app/preview/watcher.js";

type Kind = "templates" | "stories" | "config";

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Saves like vim and JetBrains do: a new file renamed over the old one. */
async function saveByRename(file: string, text: string): Promise<void> {
  const temporary = `${file}___jb_tmp___`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

describe("preview watcher", () => {
  let dir: string;
  let watcher: TreeWatcher | undefined;
  let reports: Set<Kind>[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "nd-watch-"));
    await mkdir(join(dir, "templates", "partials", "stories"), { recursive: true });
    await mkdir(join(dir, "seeds"));
    await writeFile(join(dir, "templates", "layout.mjml"), "<mjml></mjml>");
    await writeFile(join(dir, "templates", "partials", "stories", "article.mjml"), "one");
    await writeFile(join(dir, "seeds", "a.txt"), "story");
    reports = [];
    watcher = watchTree<Kind>(
      [
        { path: join(dir, "templates"), kind: "templates" },
        { path: join(dir, "seeds"), kind: "stories" },
        { path: join(dir, "news-digest.config.json"), kind: "config" },
      ],
      (kinds) => reports.push(kinds),
    );
    await watcher.ready;
  });

  afterEach(async () => {
    await watcher?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const reported = (kind: Kind): number => reports.filter((r) => r.has(kind)).length;

  it("sees a change in a nested partial folder, reported as a template change", async () => {
    await writeFile(join(dir, "templates", "partials", "stories", "article.mjml"), "two");
    await waitFor("a templates report", () => reported("templates") >= 1);
    expect(reports.every((r) => [...r].every((kind) => kind === "templates"))).toBe(true);
  });

  it("keeps seeing a file that is saved by rename, save after save", async () => {
    const file = join(dir, "templates", "partials", "stories", "article.mjml");
    for (let save = 1; save <= 3; save++) {
      const before = reported("templates");
      await saveByRename(file, `save ${save}`);
      await waitFor(`report of save ${save}`, () => reported("templates") > before);
    }
  });

  it("watches folders created after it started, and files in them", async () => {
    const folder = join(dir, "templates", "partials", "new-folder");
    await mkdir(folder);
    await writeFile(join(folder, "box.mjml"), "a");
    await waitFor("report of the new folder", () => reported("templates") >= 1);
    const before = reported("templates");
    await saveByRename(join(folder, "box.mjml"), "b");
    await waitFor("report of a save inside the new folder", () => reported("templates") > before);
  });

  it("re-arms when the whole templates folder is replaced", async () => {
    const fresh = join(dir, "templates-new");
    await mkdir(join(fresh, "partials", "stories"), { recursive: true });
    await writeFile(join(fresh, "partials", "stories", "article.mjml"), "new tree");
    await rename(join(dir, "templates"), join(dir, "templates-old"));
    await rename(fresh, join(dir, "templates"));
    await waitFor("report of the replacement", () => reported("templates") >= 1);
    const before = reported("templates");
    await saveByRename(join(dir, "templates", "partials", "stories", "article.mjml"), "edited after replacement");
    await waitFor("report of a save in the replacing tree", () => reported("templates") > before);
    // The old tree is no longer watched: changing it reports nothing new (checked below
    // against a later config change, so no fixed wait is needed).
    const templatesBefore = reported("templates");
    await writeFile(join(dir, "templates-old", "partials", "stories", "article.mjml"), "old tree");
    await writeFile(join(dir, "news-digest.config.json"), "{}");
    await waitFor("config report", () => reported("config") >= 1);
    expect(reported("templates")).toBe(templatesBefore);
  });

  it("sees a config file being created, then saved by rename", async () => {
    const config = join(dir, "news-digest.config.json");
    await writeFile(config, "{}");
    await waitFor("report of the new config", () => reported("config") >= 1);
    const before = reported("config");
    await saveByRename(config, '{"title": "x"}');
    await waitFor("report of the config save", () => reported("config") > before);
    expect(reports.every((r) => !r.has("templates"))).toBe(true);
  });

  it("reports stories separately and ignores scratch files and unrelated files", async () => {
    await writeFile(join(dir, "templates", ".layout.mjml.swp"), "vim swap");
    await writeFile(join(dir, "templates", "4913"), "");
    await writeFile(join(dir, "unrelated.txt"), "not watched");
    await writeFile(join(dir, "seeds", "b.txt"), "another story");
    await waitFor("stories report", () => reported("stories") >= 1);
    expect(reported("templates")).toBe(0);
    expect(reported("config")).toBe(0);
  });

  it("recognises editor scratch names", () => {
    for (const name of [".layout.mjml.swp", ".layout.mjml.swx", "layout.mjml~", "4913", "layout.mjml___jb_tmp___", ".#layout.mjml"]) {
      expect(isScratchFile(name), name).toBe(true);
    }
    for (const name of ["layout.mjml", "theme.json", "text.hbs", "story.md"]) expect(isScratchFile(name), name).toBe(false);
  });
});
