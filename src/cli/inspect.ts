import { parseArgs } from "node:util";
import { plural } from "../text/index.js";
import { analyze, type Analysis } from "../analyze/index.js";
import { ingestPaths } from "../ingest/index.js";
import type { InputError, IngestResult, Story } from "../model.js";

/** Where inspect writes: the process's streams, or a test's buffers. */
export interface InspectIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: InspectIo = {
  stdout: (text) => {
    quietOnClosedPipe();
    process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
};

/** `inspect | head` closes stdout early; that ends the output, it is not a crash. */
function quietOnClosedPipe(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const USAGE = `usage: news-digest inspect [paths...] [--json] [--strict]

Reads story files and folders (recursively; seeds/ when no path is given) and
prints what the pipeline understood. Problems go to stderr as file:line: message.

  --json     print { stories, errors, topics, keyPoints, headlineSummary }
  --strict   exit 1 when any input had a problem (default: report and go on)
`;

/**
 * `news-digest inspect <paths...> [--json] [--strict]`: what the pipeline
 * understood. Exit code 0, or 1 with --strict when any input had a problem,
 * or 2 for a usage error.
 */
export async function runInspect(argv: string[], io: InspectIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: "boolean" }, strict: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    io.stderr(`news-digest inspect: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  const paths = positionals.length > 0 ? positionals : ["seeds"];
  const ingested = await ingestPaths(paths);
  const analysis = await analyze(ingested.stories);
  for (const error of ingested.errors) io.stderr(`${formatError(error)}\n`);

  if (values.json) io.stdout(JSON.stringify(jsonReport(ingested, analysis), null, 2) + "\n");
  else io.stdout(humanReport(ingested, analysis));
  return values.strict && ingested.errors.length > 0 ? 1 : 0;
}

/** `file:line: message`, the form editors and compilers use, so terminals and editors can jump to it. */
export function formatError(error: InputError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  return terminalSafe(`${where}: ${error.message}`);
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


/**
 * Story text and file names are untrusted: control characters (terminal
 * escape sequences among them) are shown as U+FFFD rather than sent to the
 * terminal, and line breaks cannot split one record into two.
 */
function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd");
}
