import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Post, Story } from "../../src/model.js";
import { readPlainText } from "../../src/ingest/plain-text/index.js";
import { fixture, readOne } from "./support/read-plain-text.js";

const SEED = "seeds/004_e7bbbb711f51944c.txt";
const seedText = readFileSync(SEED, "utf8");

/** Every piece of text a post holds, for "is it anywhere?" checks. */
function postTexts(post: Post): string[] {
  return [post.title, post.label ?? "", post.byline ?? "", post.time ?? "", ...post.paragraphs, ...post.bullets, ...post.captions, ...post.quotes];
}

describe("BBC live blog seed", () => {
  const story = readOne(seedText, SEED);
  const posts = story.posts ?? [];
  /** The issue counts posts from 1, as the page numbers them. */
  const post = (n: number): Post => posts[n - 1]!;

  it("is a live blog from BBC News with exactly 20 posts in page order", () => {
    expect(story.kind).toBe("liveblog");
    expect(story.source.name).toBe("BBC News");
    expect(posts).toHaveLength(20);
    expect(posts.map((p) => p.index)).toEqual([...Array(20).keys()]);
    expect(post(1).title).toBe("First picture: Kim meets Putin on tarmac in Pyongyang");
    expect(post(20).line).toBe(279);
  });

  it("reads the head: editor byline and the UK time zone", () => {
    expect(story.byline).toBe("Flora Drury");
    expect(story.timeZone).toBe("Europe/London");
  });

  it("splits the glued Breaking label off post 7", () => {
    expect(post(7).label).toBe("Breaking");
    expect(post(7).title).toBe("Vladimir Putin lands in North Korea");
  });

  it("reads the Analysis posts 4 and 5: label on the numbered line, title and byline below", () => {
    expect([post(4).label, post(4).title, post(4).byline]).toEqual(["Analysis", "What Putin's 2024 visit means", "Ben Tavener, Moscow producer"]);
    expect([post(5).label, post(5).title, post(5).byline]).toEqual(["Analysis", "Trips like these are becoming rarer for Putin", "Laura Gozzi, Europe reporter"]);
    for (const p of [post(4), post(5)]) {
      for (const text of [...p.paragraphs, ...p.captions]) {
        expect(text).not.toMatch(/^(Ben Tavener|Moscow producer|Laura Gozzi|Europe reporter)$/);
      }
    }
    expect(post(4).paragraphs[0]).toMatch(/^Touching down in Pyongyang/);
  });

  it("reads desk and place bylines the same way", () => {
    expect(post(8).byline).toBe("BBC Monitoring, The world through its media");
    expect(post(11).byline).toBe("Phil McCausland, Reporting from New York");
    expect(post(8).paragraphs[0]).toMatch(/^At least one fighter jet/);
  });

  it("reads post 20 as 'What we know so far' with its 6 bullets", () => {
    expect(post(20).title).toBe("What we know so far");
    expect(post(20).bullets).toHaveLength(6);
    expect(post(20).bullets[0]).toMatch(/^It's still unclear what time Putin/);
    expect(post(20).paragraphs).toEqual([expect.stringMatching(/^It's just past 20:00 in Pyongyang/)]);
  });

  it("keeps image alt lines and captions out of the paragraphs", () => {
    expect(post(1).captions).toEqual(["Putin meets Kim"]);
    expect(post(2).captions).toHaveLength(3);
    expect(post(7).captions).toEqual([
      "A Putin billboard in Pyongyang",
      "This picture from Getty shows one of several billboards in Pyongyang to welcome Vladimir Putin",
    ]);
    // A long alt line with full stops is still an alt line when a caption follows it.
    expect(post(19).captions[0]).toMatch(/^Russian President Vladimir Putin \(R\) confers/);
    expect(post(19).paragraphs.some((p) => p.includes("Vladivostok"))).toBe(false);
    // A paragraph missing its final full stop but holding two sentences stays a paragraph.
    expect(post(19).paragraphs).toContain("The Soviet Union backed North Korea when the Korean peninsula was split into two at the end of World War Two. The US had supported the South");
  });

  it("reads quoted messages", () => {
    expect(post(6).quotes).toEqual(["Vladimir Putin arrived in the capital of the DPRK Pyongyang"]);
    expect(post(6).paragraphs).toHaveLength(2);
  });

  it("has no TV Licence preamble anywhere", () => {
    expect(JSON.stringify(story)).not.toMatch(/TV Licen[cs]e|iPlayer|Find out more|Live Reporting|All times stated/);
  });

  it("takes the newest post's title as headline and its lede as summary", () => {
    expect(story.headline).toBe(post(1).title);
    expect(story.summary).toBe("This is one of the first images to emerge from Putin's state visit to North Korea, coming shortly after his arrival in Pyongyang.");
    expect(readOne(seedText, SEED).id).toBe(story.id);
  });

  it("parses every line-prefix of the scrape: earlier posts unchanged, the cut post still read", () => {
    const lines = seedText.split("\n");
    for (let cut = 14; cut <= lines.length; cut++) {
      const prefix = lines.slice(0, cut).join("\n");
      const partial = readOne(prefix, SEED);
      const expectedPosts = lines.slice(0, cut).filter((l) => /^\s+\d+\.\s/.test(l)).length;
      expect(partial.posts, `cut at line ${cut}`).toHaveLength(expectedPosts);
      const last = partial.posts!.length - 1;
      expect(partial.posts!.slice(0, last)).toEqual(posts.slice(0, last));
      const full = postTexts(posts[last]!);
      for (const text of postTexts(partial.posts![last]!)) {
        expect(full.some((f) => f.includes(text)), `cut at line ${cut}: "${text}"`).toBe(true);
      }
    }
  });
});

describe("live-blog scrape variations", () => {
  it("reads 'Get involved', 'Summary' bullets, 'By NAME' and times glued to titles", () => {
    const story = fixture("liveblog-summary-glued-times.txt");
    expect(story.kind).toBe("liveblog");
    expect(story.byline).toBe("Marta Jones");
    expect(story.timeZone).toBe("Europe/London");
    expect(story.paragraphs).toEqual([
      "Storm Freya brings gusts of 80mph to western coasts",
      "Thousands of homes are without power in Wales",
      "Rail services are suspended across the north-west",
    ]);
    const [first, second] = story.posts!;
    expect(first).toMatchObject({ title: "Power returns to 2,000 homes", time: "12:36" });
    // An image block with a credit and no "Image caption:" marker is still captions.
    expect(first!.captions).toEqual(["Engineers on a pole", "An engineer repairs a line near Bangor. Lee Park/Getty Images"]);
    expect(first!.paragraphs).toHaveLength(2);
    expect(second).toMatchObject({ label: "Breaking", title: "Road bridge closed after lorry overturns", time: "12:20" });
    expect(JSON.stringify(story)).not.toMatch(/Get involved|Summary|published at|Greenwich/);
  });

  it("drops 'Video content' and 'View more on twitter' and keeps the video caption", () => {
    const post = fixture("liveblog-summary-glued-times.txt").posts![1]!;
    expect(post.captions).toEqual(["Watch: Waves crash over the sea wall in Aberystwyth"]);
    expect(post.paragraphs).toEqual(["The Britannia Bridge has been closed in both directions."]);
    expect(postTexts(post).join("\n")).not.toMatch(/Video content|View more/);
  });

  it("reads a post with a title and no body, and a scrape that ends inside a caption", () => {
    const posts = fixture("liveblog-summary-glued-times.txt").posts!;
    expect(posts[2]).toMatchObject({ title: "Met Office extends amber warning", paragraphs: [], bullets: [], captions: [] });
    expect(posts[3]).toMatchObject({ label: "Analysis", title: "Why this storm is different", byline: "Tom Price, Weather presenter" });
    expect(posts[3]!.captions).toEqual(["Waves hit the harbour wall", "Waves hit the harbour wall in Porthcawl on Sunday morn"]);
  });

  it("reads unnumbered posts led by 'Posted at' times, glued captions and credits", () => {
    const story = fixture("liveblog-posted-at.txt");
    expect(story.headline).toBe("Floods in Yorkshire: Live updates");
    expect(story.byline).toBe("Sam Hughes and Priya Patel");
    const posts = story.posts!;
    expect(posts.map((p) => [p.time, p.title])).toEqual([
      ["14:14", "Rescue teams reach stranded villagers"],
      ["13:50", "River Ouse peaks in York"],
      ["13:30", "Schools closed"],
      ["13:05", "Residents told to prepare for more rain"],
    ]);
    expect(posts[0]!.captions).toEqual(["A boat in a flooded street", "Crews used boats to reach houses in Tadcaster"]);
    expect(posts[0]!.quotes).toEqual(["We urge people not to drive through flood water. from Chief Fire Officer"]);
    expect(posts[1]!.label).toBe("Breaking");
    expect(posts[2]!.bullets).toEqual(["Tadcaster Grammar School", "St Mary's Primary"]);
    expect(JSON.stringify(story)).not.toMatch(/share tools|Share this post|Copy this link|Copyright|these links/);
  });

  it("keeps a last post cut off mid-sentence as a paragraph", () => {
    const last = fixture("liveblog-posted-at.txt").posts![3]!;
    expect(last.paragraphs).toEqual([expect.stringMatching(/^Forecasters say another 30mm.*city centre may be$/)]);
  });

  it("reads '08:15' and 'Posted at 08:15' times on their own lines, and a label line between", () => {
    const posts = fixture("liveblog-times-labels.txt").posts!;
    expect(posts[0]).toMatchObject({ time: "08:15", title: "Minister to give statement on hospital waiting lists", byline: "Sarah Cole, Health correspondent" });
    expect(posts[1]).toMatchObject({ time: "08:02", label: "Watch", title: "Patients describe long waits" });
    expect(posts[2]).toMatchObject({ time: "07:45", title: "Waiting list figures at a glance" });
    expect(posts[2]!.bullets).toHaveLength(2);
    // A time inside a sentence is text, not the post time.
    expect(posts[0]!.paragraphs).toEqual(["The health secretary is due to speak in the Commons at 10:30."]);
    // "published at 07:30 ..." on its own line, then the short "07:30 GMT" copy the page prints.
    expect(posts[3]).toMatchObject({ time: "07:30", title: "Waiting times by region", paragraphs: ["The longest waits are in the north-west."], captions: [] });
    expect(posts[4]).toMatchObject({ title: "What happens next?", paragraphs: [] });
    expect(posts[4]!.time).toBeUndefined();
  });

  it("does not mistake an alt line over its caption for a byline", () => {
    const text = "Live Reporting\n\n  1. Leaders meet\n\n    Vladimir Putin\n    Putin waves\n    Image caption: Putin waves at the crowd\n\n    The two men shook hands.\n";
    const post = readOne(text).posts![0]!;
    expect(post.byline).toBeUndefined();
    expect(post.captions).toEqual(["Vladimir Putin", "Putin waves", "Putin waves at the crowd"]);
    expect(post.paragraphs).toEqual(["The two men shook hands."]);
  });

  it("treats a numbered list inside a post as text, not as posts", () => {
    const text = "Live Reporting\n\n  1. Three things to know\n\n    1. The vote is on Tuesday.\n\n    2. Polls open at 07:00.\n\n  2. Earlier post\n\n    Body.\n";
    const story = readOne(text);
    expect(story.posts!.map((p) => p.title)).toEqual(["Three things to know", "Earlier post"]);
    expect(story.posts![0]!.paragraphs).toEqual(["1. The vote is on Tuesday.", "2. Polls open at 07:00."]);
  });

  it("reports a live blog with no posts and no headline instead of inventing one", () => {
    const outcome = readPlainText("Live Reporting\n\nAll times stated are UK\n", "empty-blog.txt");
    expect(outcome.stories).toEqual([]);
    expect(outcome.errors).toEqual([{ file: "empty-blog.txt", line: 1, message: expect.stringContaining("live blog without posts") }]);
  });
});

describe("live-blog identity", () => {
  it("keeps the same id when newer posts arrive on top of the blog", () => {
    // The same blog an hour earlier: the newest post is not there yet.
    const firstPost = seedText.indexOf("  1. First picture");
    const secondPost = seedText.indexOf("  2. A look at Putin's last visit");
    const earlier = seedText.slice(0, firstPost) + seedText.slice(secondPost);
    const now = readOne(seedText, SEED);
    const before = readOne(earlier, SEED);
    expect(before.posts).toHaveLength(19);
    expect(before.headline).not.toBe(now.headline);
    expect(before.id).toBe(now.id);
  });
});

/**
 * Live pages of other outlets, as test/fixtures/liveblogs/ reproduces them in
 * made-up stories: posts led by dotted times with no titles, time-dash-title
 * lines under day headers, times above titles with "Image:" captions, and
 * dated times with US zones.
 */
describe("live pages that are not BBC Live Reporting", () => {
  const read = (name: string): Story => {
    const file = `test/fixtures/liveblogs/${name}`;
    return readOne(readFileSync(file, "utf8"), file);
  };

  it("reads '4.25pm BST' time lines as post starts, a post with no title, and 'Updated at' as no new post", () => {
    const story = read("ferry_strike_guardian.txt");
    expect(story.kind).toBe("liveblog");
    expect(story.timeZone).toBe("Europe/London");
    const posts = story.posts!;
    expect(posts.map((p) => p.time)).toEqual(["6.40pm", "6.05pm", "5.20pm", "4.45pm", "3.30pm", "2.10pm", "12.55pm", "11.40am", "10.15am", "8.30am", "7.50am"]);
    expect(posts[0]).toMatchObject({ title: "Closing summary" });
    expect(posts[0]!.bullets).toHaveLength(4);
    expect(posts[1]!.title).toBe("");
    expect(posts[1]!.paragraphs[0]).toMatch(/^Kate Mills told reporters/);
    expect(posts[2]!.title).toBe("Transport secretary calls talks for Thursday");
    expect(posts[2]!.captions).toContain("Updated at 5.31pm BST");
    expect(posts[3]!.captions).toEqual(["Shelves emptied at the Kirkvoe post office shop on Tuesday. Photograph: Priya Shah/The Guardian"]);
  });

  it("keeps an embedded post as a quote and drops its signature line", () => {
    const post = read("ferry_strike_guardian.txt").posts![4]!;
    expect(post.quotes).toEqual(["Our members have worked short-handed all winter. We will sail again the day the rosters are withdrawn."]);
    expect(postTexts(post).join("\n")).not.toContain("@calumreid_su");
  });

  it("reads '18:40 GMT – Title' lines, skips day headers and takes a bracketed credit line as a caption", () => {
    const story = read("dam_talks_aljazeera.txt");
    const posts = story.posts!;
    expect(posts).toHaveLength(11);
    expect(posts[1]).toMatchObject({ time: "18:40", title: "Spillway gates to open at dawn, both sides confirm" });
    expect(posts[8]).toMatchObject({ time: "21:30", title: "First day of talks ends without a deal" });
    expect(posts[3]!.captions).toEqual(["Residents fill sandbags on the riverfront in Sarnport on Tuesday [Mirela Kos/Reuters]"]);
    expect(story.byline).toBe("Staff Reporters");
    const everything = [...story.paragraphs, ...posts.flatMap(postTexts)].join("\n");
    expect(everything).not.toMatch(/^(?:Tuesday, 14 May|Monday, 13 May)$/m);
    expect(everything).not.toContain("@VaraniaWater");
  });

  it("reads times above titles, 'Image:' captions and 'Reported by' bylines", () => {
    const posts = read("wildfire_sky.txt").posts!;
    expect(posts[2]).toMatchObject({ time: "18:55", title: "Firefighters stop the fire reaching Elmsford" });
    expect(posts[2]!.captions).toEqual(["Firefighters cut a firebreak above Elmsford. Pic: Sky News"]);
    expect(posts[3]!.byline).toBe("Maya Lindqvist, news reporter");
  });

  it("reads '8:02 p.m. ET, June 4, 2024' as the post time and ET as the blog's zone", () => {
    const story = read("plant_verdict_cnn.txt");
    expect(story.timeZone).toBe("America/New_York");
    expect(story.posts!.map((p) => p.time).slice(0, 3)).toEqual(["8:02 p.m.", "7:40 p.m.", "7:15 p.m."]);
    expect(story.posts![0]).toMatchObject({ title: "What we know so far", byline: "Rosa Delgado" });
  });

  it("does not take decimals or a sentence with a time for a time line", () => {
    const text = "Budget day\n\nThe rate rose to 4.25 on Tuesday.\n\n12.50 euros was the price.\n\nTrains resume at 16.25 GMT after repairs.\n";
    expect(readOne(text).kind).toBe("article");
  });
});
