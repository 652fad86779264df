// The preview files `build` writes: all or nothing, never half a file.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { previewPaths, writePreviewFiles, type PreviewContent } from "../../src/app/out/files.js";
import { digestOf } from "../fixtures/edition/render.js";
import { tempDir } from "../support/temp.js";

function content(version: string): PreviewContent {
  return {
    html: `<p>${version}</p>`,
    text: version,
    digest: digestOf(),
    message: { envelope: { from: "a@news.example.com", to: ["b@example.org"] }, raw: Buffer.from(`Subject: ${version}\r\n\r\n${version}`), messageId: "<m@news.example.com>" },
    edition: { editionId: "2024-06-19-news-digest", subject: version, preheader: "", html: version, text: version, storyIds: [] },
  };
}

describe("writePreviewFiles", () => {
  it("writes the files into out/<edition-id>/", async () => {
    const out = await tempDir("nd-preview-");
    const paths = await writePreviewFiles(out, content("v1"));
    expect(paths.dir).toBe(join(out, "2024-06-19-news-digest"));
    expect(await readFile(paths.html, "utf8")).toBe("<p>v1</p>");
    expect(JSON.parse(await readFile(paths.digest, "utf8"))).toEqual(digestOf());
    expect(JSON.parse(await readFile(paths.edition, "utf8")).subject).toBe("v1");
  });

  it("leaves the previous files whole when a write fails, and no temporary files behind", async () => {
    const out = await tempDir("nd-preview-");
    const paths = await writePreviewFiles(out, content("v1"));
    const good = content("v2");
    const broken = { ...good, message: { ...good.message, raw: 42 as unknown as Buffer } };
    await expect(writePreviewFiles(out, broken)).rejects.toThrow();
    expect(await readFile(paths.html, "utf8")).toBe("<p>v1</p>");
    expect(await readFile(paths.text, "utf8")).toBe("v1");
    expect(await readFile(paths.eml, "utf8")).toContain("Subject: v1");
    expect((await readdir(paths.dir)).sort()).toEqual(["digest.json", "edition.json", "index.html", "index.txt", "message.eml"]);
  });

  it("refuses an edition id that would leave the output folder", () => {
    expect(() => previewPaths("out", "../etc")).toThrow(/cannot be used as a folder name/);
    expect(() => previewPaths("out", "a/b")).toThrow(/cannot be used as a folder name/);
  });
});
