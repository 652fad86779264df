// One story with absurdly long fields must not sink the edition: compose cuts every
// field a story brings to a sensible length, so the email stays under Gmail's 102 KB.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeDigest } from "../../src/compose/index.js";
import { defaultConfig } from "../../src/config/load.js";
import { buildEdition } from "../../src/pipeline.js";
import { analysis, article, liveBlog, post, topic } from "../fixtures/edition/stories.js";
import { tempDir } from "../support/temp.js";

const now = new Date("2024-06-20T07:00:00Z");
const GMAIL_CLIP_BYTES = 102 * 1024;
const huge = (words: string, chars: number) => words.repeat(Math.ceil(chars / words.length)).slice(0, chars);

describe("an edition with one oversized story", () => {
  it("still builds under 102 KB, with the other stories, from a JSON story with a 125 KB title", async () => {
    const dir = await tempDir("nd-oversized-");
    const stories = [
      {
        title: huge("Enormous headline that never ends ", 125_000),
        url: `https://news.example.org/huge?q=${"x".repeat(10_000)}`,
        source: huge("Gazette ", 20_000),
        byline: [huge("Reporter ", 20_000)],
        image: "https://news.example.org/img/huge.jpg",
        body: `${huge("A sentence without a stop ", 30_000)}.\n\n${"y".repeat(20_000)}`,
      },
      {
        title: "Council approves new park on the old gasworks site",
        url: "https://news.example.org/parks/new-park",
        source: "Example Gazette",
        published: "2024-06-18",
        body: "The council approved a new park on the old gasworks site after a long debate.\n\nWork starts in the autumn and takes a year.",
      },
      {
        title: "Ferry timetable changes for the summer season",
        url: "https://news.example.org/ferry",
        source: "Harbour Times",
        published: "2024-06-19",
        body: "Ferries will run every 40 minutes from next week, the operator said on Tuesday.",
      },
    ];
    await writeFile(join(dir, "stories.json"), JSON.stringify(stories));

    const built = await buildEdition({ stories: [dir], templatesDir: "templates", config: defaultConfig(), now });

    const html = built.sample.message.html;
    expect(Buffer.byteLength(html, "utf8")).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(built.digest.counts.stories).toBe(3);
    expect(html).toContain("Council approves new park on the old gasworks site");
    expect(html).toContain("Ferry timetable changes for the summer season");
    const oversized = built.digest.topics.flatMap((t) => t.stories).find((s) => s.headline.startsWith("Enormous"))!;
    expect(oversized.headline.length).toBeLessThan(400);
    expect(oversized.headline.endsWith("…")).toBe(true);
    expect(html).toContain(oversized.headline);
    // A url too long to print is dropped, not cut (a cut url would lead nowhere).
    expect(oversized.url).toBeNull();
  });

  it("cuts every field a story brings, however it arrived", () => {
    const long = huge("word ", 60_000);
    const unbroken = "z".repeat(60_000);
    const stories = [
      article({
        id: "a",
        headline: unbroken,
        byline: long,
        source: { name: long },
        alsoFrom: Array.from({ length: 50 }, (_, i) => ({ name: `${long} ${i}` })),
        summary: unbroken,
        images: [{ url: "https://news.example.org/a.jpg", alt: long }],
      }),
      liveBlog({ id: "b", headline: "Live: the long day", posts: [post(0, { time: long })] }),
    ];
    const summary = { headline: long, keyPoints: [{ post: 0, text: unbroken }] };
    const digest = composeDigest(
      { ...analysis(stories, [topic("t", long, ["a", "b"])]), liveBlogs: { b: summary } } as Parameters<typeof composeDigest>[0],
      { config: defaultConfig(), now },
    );
    const [topicShown] = digest.topics;
    const [a, b] = topicShown!.stories;
    const fields = [
      topicShown!.label,
      digest.subject,
      a!.headline,
      a!.byline!,
      a!.source,
      ...a!.alsoFrom,
      a!.lede!,
      a!.image!.alt,
      b!.liveBlog!.summary,
      ...b!.liveBlog!.keyPoints.flatMap((p) => [p.text, p.time ?? ""]),
    ];
    for (const field of fields) expect(field.length).toBeLessThanOrEqual(600);
    expect(a!.alsoFrom.length).toBeLessThanOrEqual(5);
    expect(b!.liveBlog!.keyPoints).toHaveLength(1);
    expect(JSON.stringify(digest).length).toBeLessThan(10_000);
  });
});
