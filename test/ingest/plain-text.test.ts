import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Story } from "../../src/model.js";
import { readPlainText } from "../../src/ingest/plain-text/index.js";
import { fixture, readOne } from "./support/read-plain-text.js";
import { storyId } from "../../src/ingest/story-id.js";

const SEED = "seeds/000_1c9bf9e1312dc5f3.txt";


/** All the text a story shows a reader. */
function allText(story: Story): string {
  return [story.headline, story.byline ?? "", story.summary ?? "", ...story.paragraphs, ...story.captions].join("\n");
}

describe("Newsweek article seed", () => {
  const story = readOne(readFileSync(SEED, "utf8"), SEED);

  it("reads headline, source, byline and at least 15 paragraphs", () => {
    expect(story.kind).toBe("article");
    expect(story.headline).toBe("Putin Caught Looking 'Bored' in North Korea Visit Videos");
    expect(story.source).toEqual({ name: "Newsweek", url: "https://www.newsweek.com" });
    expect(story.byline).toBe("Isabel van Brugen");
    expect(story.paragraphs.length).toBeGreaterThanOrEqual(15);
    expect(story.paragraphs[0]).toMatch(/^Videos of Russian President Vladimir Putin's first visit/);
    expect(story.paragraphs.at(-1)).toBe("Putin invited Kim to visit the Russian capital in the future, according to Russian media outlets.");
    expect(story.origin).toEqual({ file: SEED, line: 1 });
  });

  it("drops the fairness meter, writer block, tip line and subscription box", () => {
    const text = allText(story);
    for (const furniture of ["fairness meter", "Newsweek cover", "Click On Meter", "Share your rating", "Do you have a tip", "About the writer", "Newsweek uses AI", "ad-free browsing", "Hold us accountable"]) {
      expect(text).not.toContain(furniture);
    }
  });

  it("reads the Getty image block as captions, not paragraphs", () => {
    expect(story.captions).toEqual([
      "Russian President Vladimir Putin",
      "Vladimir Putin at a press conference on June 19, 2024, in Pyongyang, North Korea. He was in North Korea for a two-day diplomatic visit. Contributor/Getty Images",
    ]);
    expect(story.paragraphs.some((p) => p.includes("Getty") || p === "Russian President Vladimir Putin")).toBe(false);
  });

  it("has a lede summary and a stable id", () => {
    expect(story.summary).toBe(story.paragraphs[0]);
    expect(story.id).toBe(storyId("Newsweek", undefined, story.headline));
    expect(readOne(readFileSync(SEED, "utf8"), SEED).id).toBe(story.id);
  });
});

describe("article scrape variations", () => {
  it("reads a date tag glued to the first sentence when there is no headline line", () => {
    const story = fixture("article-date-glued.txt");
    expect(story.publishedAt).toBe("2024-06-19");
    expect(story.paragraphs[0]).toMatch(/^Putin arrived in Pyongyang early on Wednesday/);
    expect(story.headline).toBe("Putin arrived in Pyongyang early on Wednesday for his first visit to North Korea in 24 years.");
    expect(story.source.name).toBe("Reuters");
  });

  it("drops 'Read more:' link lists and '(More ... stories.)' at the bottom", () => {
    const story = fixture("article-date-glued.txt");
    expect(story.paragraphs).toHaveLength(2);
    expect(allText(story)).not.toMatch(/Read more|defence pact|More Reuters/);
  });

  it("drops an 'Update: ... Original Story:' note at the top and the comment form at the bottom", () => {
    const story = fixture("article-update-note.txt");
    expect(story.headline).toBe("Harbour Town Council Approves New Ferry Route");
    expect(story.paragraphs).toEqual([
      "Harbour Town's council voted on Tuesday to approve a new ferry route to the islands.",
      "The route will run twice a day from May to September, the council said.",
      "\"We expect the service to bring visitors back to the harbour,\" said councillor Ann Hale.",
    ]);
    expect(allText(story)).not.toMatch(/Update|Original Story|Leave a Reply|Required fields|Save my name|Post Comment/);
  });

  it("keeps text after 'Original Story:' on the same line as the first paragraph", () => {
    const story = readOne("Ferry Route Approved\n\nUpdate (June 20): Adds operator comment. Original story: The council voted on Tuesday.\n\nThe route starts in May.\n");
    expect(story.paragraphs).toEqual(["The council voted on Tuesday.", "The route starts in May."]);
  });

  it("leaves an update note alone when no 'Original Story:' marks its end", () => {
    const story = readOne("Ferry Route Approved\n\nUpdated: the council met again on Friday.\n\nThe route starts in May.\n");
    expect(story.paragraphs[0]).toBe("Updated: the council met again on Friday.");
  });

  it("reads a very short piece", () => {
    const story = fixture("article-short.txt");
    expect(story.headline).toBe("Library reopens after roof repair");
    expect(story.paragraphs).toEqual(["The town library reopened on Monday after six months of repairs to its roof. Opening hours are unchanged."]);
    expect(story.summary).toBe(story.paragraphs[0]);
    expect(story.source.name).toBe("");
  });

  it("reads 'By NAME' and 'Published' lines above the headline, a Photo: credit caption and a wrapped paragraph", () => {
    const story = fixture("article-byline-image.txt");
    expect(story.byline).toBe("Jane Doe");
    expect(story.publishedAt).toBe("2024-06-19");
    expect(story.headline).toBe("Wildfire Forces Evacuation of Mountain Towns");
    expect(story.origin.line).toBe(4);
    expect(story.captions).toEqual(["A firefighter on a hillside", "A firefighter works to contain the blaze near Alder Creek on June 19, 2024. Photo: Lee Park/Reuters"]);
    expect(story.paragraphs).toEqual([
      "Thousands of residents were ordered to leave three mountain towns on Wednesday as a wildfire spread across dry hillsides.",
      "Officials said the fire had burned more than 10,000 acres and was 5% contained.",
      "Evacuation centres have opened in two schools, the county said. Residents should bring medication and important documents with them, officials added.",
    ]);
    expect(story.source.name).toBe("Valley Courier");
    expect(allText(story)).not.toMatch(/Read more|©|All rights reserved/);
  });

  it("reads the BBC dataset shape: headline line, then paragraphs", () => {
    const story = readOne("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three months to December.\n\nThe firm said sales rose 2%.\n");
    expect(story.headline).toBe("Ad sales boost Time Warner profit");
    expect(story.paragraphs).toHaveLength(2);
    expect(story.captions).toEqual([]);
    expect(story.summary).toBe("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three months to December.");
  });

  it("stays an article when a line merely mentions times", () => {
    const story = readOne("Timetable changes\n\nAll times are approximate.\n\nPosted at 08:15\n\nTrains run hourly.\n");
    expect(story.kind).toBe("article");
    expect(story.paragraphs).toEqual(["All times are approximate.", "Posted at 08:15", "Trains run hourly."]);
  });

  it("does not take fixture lists with slashes or a publication name for picture credits", () => {
    const story = readOne("Cup draw\n\nSwindon/Notts Co v Middlesbrough\n\nThe Simpsons (Twentieth Century Fox, BBC Two/Sky One/Channel 4)\n\nPutin talks to Reuters\n");
    expect(story.captions).toEqual([]);
    expect(story.paragraphs).toHaveLength(3);
  });

  it("drops the BBC licence preamble from an article too", () => {
    const story = readOne("Got a TV Licence?\n\nYou need one to watch live TV on any channel or device, and BBC programmes on iPlayer. It’s the law.\n\nFind out more\nI don’t have a TV Licence.\n\nRail strike called off\n\nUnions called off Monday's strike.\n");
    expect(story.headline).toBe("Rail strike called off");
    expect(story.source.name).toBe("BBC News");
    expect(allText(story)).not.toMatch(/Licence|iPlayer|Find out more/);
  });

  it("reads Windows line ends and a byte-order mark", () => {
    const story = readOne("\uFEFFHeadline here\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n");
    expect(story.headline).toBe("Headline here");
    expect(story.paragraphs).toEqual(["First paragraph.", "Second paragraph."]);
    expect(story.origin.line).toBe(1);
  });

  it("reports a file with only furniture or blank lines, naming the file", () => {
    for (const text of ["", "\n\n  \n", "fairness meter\n\nShare your rating\n"]) {
      const outcome = readPlainText(text, "nothing.txt");
      expect(outcome.stories).toEqual([]);
      expect(outcome.errors).toEqual([{ file: "nothing.txt", message: expect.stringContaining("no story text") }]);
    }
  });
});
