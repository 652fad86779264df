// Stories an edition was built from but could not carry (held back for the email's
// size) are recorded with it and offered again next time, whatever their date.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readEditionContents, recordEditionContents } from "../../../src/deliver/editions/record.js";
import { readSentEditions } from "../../../src/deliver/editions/sent-editions.js";
import { selectEditionStories, type SentEdition } from "../../../src/deliver/editions/window.js";
import { recordEdition } from "../../../src/deliver/ledger/history.js";
import { historyPath } from "../../../src/deliver/ledger/state-layout.js";
import type { Story } from "../../../src/model.js";

let stateDir: string;
/** One list's state folder, as the newsletter lays it out. */
const listDir = () => join(stateDir, "daily.example.com", "lists", "subscribers");
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "nd-held-back-"));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

function article(id: string, publishedAt: string): Story {
  return { id, kind: "article", source: { name: "Example" }, headline: `Story ${id}`, paragraphs: [], captions: [], origin: { file: "f" }, publishedAt };
}

describe("held-back stories", () => {
  it("are recorded beside what the edition carried, and read back with the sent edition", async () => {
    const carried = [article("a", "2024-06-19T05:00:00Z")];
    recordEditionContents(listDir(), "e1", new Date("2024-06-19T07:00:00Z"), carried, new Set(), ["b", "c"]);
    await recordEdition(historyPath(listDir()), { edition: "e1", stories: ["a"], at: "2024-06-19T07:00:01Z" });
    expect(readEditionContents(listDir()).editions.get("e1")?.heldBack).toEqual(["b", "c"]);
    const [sent] = (await readSentEditions(listDir())).editions;
    expect(sent).toMatchObject({ editionId: "e1", stories: [{ id: "a" }], heldBack: ["b", "c"] });
  });

  it("come in the next edition though the window has moved past them; other old stories stay out", () => {
    const history: SentEdition[] = [{ editionId: "e1", at: "2024-06-19T07:00:00Z", stories: [{ id: "a" }], heldBack: ["b"] }];
    const stories = [
      article("a", "2024-06-19T05:00:00Z"), // carried: not again
      article("b", "2024-06-19T05:00:00Z"), // held back: again, though older than the window
      article("c", "2024-06-19T05:00:00Z"), // never chosen, too old
      article("d", "2024-06-20T05:00:00Z"), // new
    ];
    const selection = selectEditionStories(stories, history, { editionId: "e2", now: new Date("2024-06-20T07:00:00Z") });
    expect(selection.stories.map((s) => s.id)).toEqual(["b", "d"]);
    expect(selection).toMatchObject({ alreadySent: 1, tooOld: 1 });
  });
});
