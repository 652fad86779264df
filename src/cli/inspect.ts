/**
 * `news-digest inspect [paths...]`: what the pipeline understood of some stories. Exit
 * code 0, or 1 with --strict when any input had a problem, or 2 for bad usage or a path
 * on the command line that does not exist.
 */
import { stat } from "node:fs/promises";
import { plural } from "../text/index.js";
import { analyze, type Analysis } from "../analyze/index.js";
import { ingestPaths } from "../ingest/index.js";
import type { IngestResult, Story } from "../model.js";
import { defineCommand, EXIT, formatLocated, terminalSafe } from "./kit/index.js";

export const inspectCommand = defineCommand({
  name: "inspect",
  summary: "read stories and print what the pipeline understood",
  usage: "[options] [paths...]",
  about: `Reads story files and folders (recursively; seeds/ when no path is given) and
prints what the pipeline understood. Problems go to stderr as file:line: message.`,
  options: {
    stories: { type: "string", value: "PATH", multiple: true, description: "story file or folder, as a path after the options is (repeatable)" },
    json: { type: "boolean", description: "print { stories, errors, topics, keyPoints, headlineSummary }" },
    strict: { type: "boolean", description: "exit 1 when any input had a problem (default: report and go on)" },
  },
  positionals: true,
  async run({ values, positionals, io }) {
    const given = [...(values.stories ?? []), ...positionals];
    const paths = given.length > 0 ? given : ["seeds"];
    const missing = await missingPaths(paths);
    if (missing.length > 0) {
      for (const file of missing) io.stderr(formatLocated({ file, message: "path does not exist: expected a story file or a folder of them" }) + "\n");
      return EXIT.usage;
    }
    const ingested = await ingestPaths(paths);
    const analysis = await analyze(ingested.stories);
    for (const error of ingested.errors) io.stderr(`${formatLocated(error)}\n`);
    if (values.json) io.stdout(JSON.stringify(jsonReport(ingested, analysis), null, 2) + "\n");
    else io.stdout(humanReport(ingested, analysis));
    return values.strict && ingested.errors.length > 0 ? EXIT.failed : EXIT.done;
  },
});

/** Paths named on the command line that are not there: a typo, not a story with a problem. */
async function missingPaths(paths: readonly string[]): Promise<string[]> {
  const found = await Promise.all(paths.map((path) => stat(path).then(() => true, () => false)));
  return paths.filter((_, i) => !found[i]);
}

function jsonReport(ingested: IngestResult, analysis: Analysis) {
  const keyPoints = Object.fromEntries(Object.entries(analysis.liveBlogs).map(([id, s]) => [id, s.keyPoints]));
  const headlineSummary = Object.fromEntries(Object.entries(analysis.liveBlogs).map(([id, s]) => [id, s.headline]));
  return { stories: analysis.stories, errors: ingested.errors, topics: analysis.topics, sections: analysis.sections.map(({ id, label, topicIds }) => ({ id, label, topicIds })), keyPoints, headlineSummary };
}

/** Topics in digest order, each story on two or three lines, then a one-line tally. */
function humanReport(ingested: IngestResult, analysis: Analysis): string {
  const byId = new Map(analysis.stories.map((s) => [s.id, s]));
  const placed = new Set<string>();
  const out: string[] = [];
  const section = (label: string, stories: Story[]): void => {
    out.push(`${terminalSafe(label)} (${plural(stories.length, "story", "stories")})`);
    for (const story of stories) {
      placed.add(story.id);
      out.push(...storyLines(story, analysis));
    }
    out.push("");
  };
  for (const topic of analysis.topics) {
    section(topic.label, topic.storyIds.flatMap((id) => byId.get(id) ?? []));
  }
  const unplaced = analysis.stories.filter((s) => !placed.has(s.id));
  if (unplaced.length > 0) section("Not in any topic", unplaced);

  const files = new Set(analysis.stories.map((s) => s.origin.file)).size;
  const errors = ingested.errors.length;
  const tally = [
    analysis.stories.length === 0 ? "no stories read" : `${plural(analysis.stories.length, "story", "stories")} from ${plural(files, "file", "files")}`,
    plural(analysis.topics.length, "topic", "topics"),
    errors === 0 ? "no errors" : `${plural(errors, "error", "errors")} (on stderr)`,
  ];
  out.push(tally.join(", "));
  return out.join("\n") + "\n";
}

function storyLines(story: Story, analysis: Analysis): string[] {
  const details = [
    story.source.name,
    story.byline && `by ${story.byline}`,
    story.publishedAt && `${story.publishedAt.slice(0, 16).replace("T", " ")} UTC`,
    story.kind === "liveblog" ? plural(story.posts?.length ?? 0, "post", "posts") : plural(story.paragraphs.length, "paragraph", "paragraphs"),
    story.captions.length > 0 && plural(story.captions.length, "caption", "captions"),
    story.images && story.images.length > 0 && plural(story.images.length, "image", "images"),
    story.topic && `pinned to "${story.topic}"`,
  ].filter((d): d is string => typeof d === "string" && d !== "");
  const origin = story.origin.line === undefined ? story.origin.file : `${story.origin.file}:${story.origin.line}`;
  const lines = [
    `  ${story.kind === "liveblog" ? "[live blog]" : "[article]  "} ${story.headline}`,
    `              ${details.join(" · ")}`,
    `              ${story.url ?? origin}${story.url ? `  (${origin})` : ""}`,
  ];
  const summary = analysis.liveBlogs[story.id];
  if (summary && summary.keyPoints.length > 0) {
    lines.push("              what we know so far:");
    for (const point of summary.keyPoints) lines.push(`                • ${point.text}`);
  }
  return lines.map(terminalSafe);
}

