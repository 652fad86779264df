import { parseArgs } from "node:util";
import { analyze } from "../analyze/index.js";
import { ingestPaths } from "../ingest/index.js";

/** `news-digest inspect <paths...> [--json] [--strict]`: what the pipeline understood. */
export async function runInspect(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, strict: { type: "boolean" } },
  });
  const paths = positionals.length > 0 ? positionals : ["seeds"];
  const ingested = await ingestPaths(paths);
  const analysis = await analyze(ingested.stories);
  for (const error of ingested.errors) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
    process.stderr.write(`${where}: ${error.message}\n`);
  }
  if (values.json) {
    const keyPoints = Object.fromEntries(Object.entries(analysis.liveBlogs).map(([id, s]) => [id, s.keyPoints]));
    const headlineSummary = Object.fromEntries(Object.entries(analysis.liveBlogs).map(([id, s]) => [id, s.headline]));
    const report = { stories: analysis.stories, errors: ingested.errors, topics: analysis.topics, keyPoints, headlineSummary };
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    for (const topic of analysis.topics) {
      process.stdout.write(`${topic.label}\n`);
      for (const id of topic.storyIds) {
        const story = analysis.stories.find((s) => s.id === id);
        if (story) process.stdout.write(`  [${story.kind}] ${story.headline} (${story.source.name})\n`);
      }
    }
    process.stdout.write(`${analysis.stories.length} stories, ${ingested.errors.length} errors\n`);
  }
  return values.strict && ingested.errors.length > 0 ? 1 : 0;
}
