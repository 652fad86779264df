// The one pipeline: paths read by it, stories read beforehand (the scheduler's way) and
// the render stage alone (the preview's way after a template edit) give the same edition.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/load.js";
import { listIdentityFrom } from "../src/config/send.js";
import { verifyUnsubscribeToken } from "../src/links/token.js";
import { ingestPaths } from "../src/ingest/index.js";
import { buildEdition, renderDigest, samplePersonalization } from "../src/pipeline.js";

const now = new Date("2024-06-20T07:00:00Z");
const base = { templatesDir: "templates", config: defaultConfig(), now };

describe("buildEdition", () => {
  it("builds the same edition from paths and from the same stories already read", async () => {
    const fromPaths = await buildEdition({ ...base, stories: ["seeds"] });
    const read = await ingestPaths(["seeds"]);
    const fromStories = await buildEdition({ ...base, stories: read });
    expect(fromStories.digest).toEqual(fromPaths.digest);
    expect(fromStories.render.edition).toEqual(fromPaths.render.edition);
    expect(fromStories.sample).toEqual(fromPaths.sample);
    expect(fromPaths.render.edition.storyIds.sort()).toEqual(read.stories.map((s) => s.id).sort());

    // Stories read beforehand carry their read errors into the result.
    const withError = await buildEdition({ ...base, stories: { stories: read.stories, errors: [{ file: "feed.xml", message: "not XML" }] } });
    expect(withError.inputErrors).toEqual([{ file: "feed.xml", message: "not XML" }]);

    // The render stage alone, over the composed Digest, gives the same edition and sample copy.
    const again = await renderDigest(fromPaths.digest, { templates: fromPaths.templates, config: base.config });
    expect(again.render.edition).toEqual(fromPaths.render.edition);
    expect(again.sample).toEqual(fromPaths.sample);
  });

  it("signs the sample copy's unsubscribe link when given the key, and marks it a preview otherwise", async () => {
    const config = defaultConfig();
    const placeholder = samplePersonalization(config, "2024-06-20-news-digest");
    expect(placeholder.unsubscribeUrl).toBe("https://example.com/unsubscribe?preview=2024-06-20-news-digest");
    const key = "pipeline-test-key-0123456789";
    const signed = samplePersonalization(config, "2024-06-20-news-digest", key);
    const token = new URL(signed.unsubscribeUrl).searchParams.get("token")!;
    expect(verifyUnsubscribeToken(key, token)).toEqual({ listId: listIdentityFrom(config).listId, email: "reader@example.com" });
    expect(signed.viewInBrowserUrl).toBe(placeholder.viewInBrowserUrl);
  });
});

describe("a plugged-in summarizer", () => {
  it("replaces the embedded condenser for every live blog in the edition", async () => {
    const seen: string[] = [];
    const summarizer = {
      name: "stand-in model",
      async summarize(story: { id: string; headline: string }) {
        seen.push(story.id);
        return { headline: `Model view of ${story.id}`, keyPoints: [{ text: "A point only the plugged-in summarizer writes.", post: 0 }] };
      },
    };
    const built = await buildEdition({ ...base, stories: ["seeds"], summarizer });
    const liveBlogs = built.digest.topics.flatMap((topic) => topic.stories).filter((story) => story.liveBlog !== null);
    expect(liveBlogs).toHaveLength(1);
    expect(seen).toEqual([liveBlogs[0]!.id]);
    expect(liveBlogs[0]!.liveBlog!.keyPoints.map((point) => point.text)).toEqual(["A point only the plugged-in summarizer writes."]);
    expect(built.render.edition.html).toContain("A point only the plugged-in summarizer writes.");
  });
});
