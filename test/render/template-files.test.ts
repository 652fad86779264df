// Reading a template folder: every file at once, but a broken folder is reported as a
// reading in order would: the layout, the text template, each partial, then the theme.
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TemplateError } from "../../src/render/errors.js";
import { loadTemplates } from "../../src/render/template-files.js";
import { tempDir } from "../support/temp.js";

/** A copy of the shipped templates to break. */
async function copyOfTemplates(): Promise<string> {
  const dir = join(await tempDir("nd-template-files-"), "templates");
  await cp("templates", dir, { recursive: true });
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadTemplates(dir);
  } catch (error) {
    if (error instanceof TemplateError) return error.problems.map((p) => `${p.file.slice(dir.length + 1)}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("loadTemplates", () => {
  it("reads the layout, the text template, the partials by sorted path, and the theme", async () => {
    const set = await loadTemplates("templates");
    expect(set.layout).toMatchObject({ name: "layout", file: join("templates", "layout.mjml") });
    expect(set.text).toMatchObject({ name: "text", file: join("templates", "text.hbs") });
    const names = set.partials.map((p) => p.name);
    expect(names).toContain("stories/article");
    expect(set.partials.map((p) => p.file)).toEqual([...set.partials.map((p) => p.file)].sort());
    expect(set.theme).toBeDefined();
  });

  it("reports the first problem in folder order, whichever read ends first", async () => {
    const dir = await copyOfTemplates();
    await writeFile(join(dir, "theme.json"), "{ not json");
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/^theme\.json: not valid JSON/)]);

    await writeFile(join(dir, "partials", "footer.hbs"), "{{edition.title}}");
    expect(await problemsOf(dir)).toEqual([`partials/footer.mjml: partial "footer" is also defined by ${join(dir, "partials", "footer.hbs")}`]);

    await rm(join(dir, "text.hbs"));
    expect(await problemsOf(dir)).toEqual(["text.hbs: missing: every template folder needs a text.hbs for the plain-text part"]);

    await rm(join(dir, "layout.mjml"));
    expect(await problemsOf(dir)).toEqual(["layout.mjml: missing: every template folder needs a layout.mjml"]);
  });

  it("reads a folder without partials or theme", async () => {
    const dir = join(await tempDir("nd-template-files-"), "bare");
    await mkdir(dir);
    await writeFile(join(dir, "layout.mjml"), "<mjml><mj-body></mj-body></mjml>");
    await writeFile(join(dir, "text.hbs"), "{{edition.title}}");
    const set = await loadTemplates(dir);
    expect(set.partials).toEqual([]);
    expect(set.theme).toEqual((await loadTemplates(dir)).theme);
  });
});
