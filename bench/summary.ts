/**
 * `npm run bench:summary`: how well and how fast live blogs are condensed.
 *
 * For every live blog under seeds/ and test/fixtures/liveblogs/ it prints the
 * key points (with their post times), then the checks from
 * test/fixtures/liveblogs/expectations.json: facts covered, stale, promo and
 * noise hits, dangling openings, order broken, duplicate pairs, repeated
 * facts, and the milliseconds taken. Then it times a 500-post live blog built from the
 * seed's posts (target: 200 ms or less).
 *
 * Reads only files in this repository (live blogs are not part of the BBC
 * News dataset in ../shared), so it needs nothing outside the repo.
 */
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { condenseLiveBlog } from "../src/analyze/liveblog/index.js";
import { contentWords, wordCount } from "../src/text/index.js";
import { readPlainText } from "../src/ingest/plain-text/index.js";
import type { LiveBlogSummary, Post, Story } from "../src/model.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FOLDERS = ["seeds", "test/fixtures/liveblogs"];
const EXPECTATIONS = "test/fixtures/liveblogs/expectations.json";
const SEED = "seeds/004_e7bbbb711f51944c.txt";
const BIG_BLOG_POSTS = 500;
const TARGET_MS = 200;
const RUNS = 9;

interface Expectation {
  facts: Record<string, string[]>;
  stale: string[];
  promo: string[];
  noise?: string[];
  once: string[];
  dangling?: string[];
  order?: string[][];
}

function main(): void {
  const expectations = readExpectations();
  const blogs = FOLDERS.flatMap((folder) => liveBlogsIn(folder));
  if (blogs.length === 0) {
    console.log(`no live blogs found under ${FOLDERS.join(", ")}`);
    return;
  }
  for (const { file, story } of blogs) report(file, story, expectations[file]);
  timeBigBlog(blogs.find((blog) => blog.file === SEED)?.story ?? blogs[0]!.story);
}

function readExpectations(): Record<string, Expectation> {
  try {
    const parsed = JSON.parse(readFileSync(join(ROOT, EXPECTATIONS), "utf8")) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).filter(([key]) => !key.startsWith("$"))) as Record<string, Expectation>;
  } catch (error) {
    console.log(`${EXPECTATIONS}: cannot read (${(error as Error).message}); printing key points without checks`);
    return {};
  }
}

function liveBlogsIn(folder: string): { file: string; story: Story }[] {
  let names: string[];
  try {
    names = readdirSync(join(ROOT, folder)).filter((name) => name.endsWith(".txt")).sort();
  } catch {
    console.log(`${folder}: missing, skipped`);
    return [];
  }
  return names.flatMap((name) => {
    const file = `${folder}/${name}`;
    const outcome = readPlainText(readFileSync(join(ROOT, file), "utf8"), file);
    for (const error of outcome.errors) console.log(`${error.file}${error.line ? `:${error.line}` : ""}: ${error.message}`);
    return outcome.stories.filter((story) => story.kind === "liveblog").map((story) => ({ file, story }));
  });
}

function report(file: string, story: Story, expectation: Expectation | undefined): void {
  condenseLiveBlog(story); // warm up, so the time below is the algorithm's, not the JIT's
  const started = performance.now();
  const summary = condenseLiveBlog(story);
  const elapsed = performance.now() - started;

  console.log(`\n${file} (${story.posts?.length ?? 0} posts)`);
  console.log(`  headline: ${summary.headline}`);
  for (const point of summary.keyPoints) {
    const time = story.posts?.find((post) => post.index === point.post)?.time;
    console.log(`  - [post ${point.post}${time ? ` ${time}` : ""}, ${wordCount(point.text)} words] ${point.text}`);
  }
  const texts = summary.keyPoints.map((point) => point.text.toLowerCase());
  const duplicates = duplicatePairs(summary);
  const tooLong = summary.keyPoints.filter((point) => wordCount(point.text) > 40).length;
  console.log(`  key points: ${summary.keyPoints.length} (want 4-7), over 40 words: ${tooLong}`);
  if (expectation !== undefined) {
    const facts = Object.entries(expectation.facts);
    const missing = facts.filter(([, patterns]) => !texts.some((text) => patterns.some((p) => text.includes(p.toLowerCase()))));
    const staleHits = hits(texts, expectation.stale);
    const promoHits = hits(texts, expectation.promo);
    const repeated = expectation.once.filter((p) => texts.filter((text) => text.includes(p.toLowerCase())).length > 1);
    const noiseHits = hits(texts, expectation.noise ?? []);
    const dangling = (expectation.dangling ?? []).filter((opening) => texts.some((text) => text.startsWith(opening.toLowerCase())));
    const disordered = (expectation.order ?? []).filter((sequence) => {
      const at = sequence.map((p) => texts.findIndex((text) => text.includes(p.toLowerCase())));
      return at.some((index, i) => index < 0 || (i > 0 && index <= at[i - 1]!));
    });
    console.log(`  facts covered: ${facts.length - missing.length}/${facts.length}${missing.length ? ` (missing: ${missing.map(([name]) => name).join("; ")})` : ""}`);
    console.log(`  stale hits: ${staleHits.length}${staleHits.length ? ` (${staleHits.join("; ")})` : ""}`);
    console.log(`  promo hits: ${promoHits.length}${promoHits.length ? ` (${promoHits.join("; ")})` : ""}`);
    console.log(`  repeated facts: ${repeated.length}${repeated.length ? ` (${repeated.join("; ")})` : ""}`);
    console.log(`  noise hits: ${noiseHits.length}${noiseHits.length ? ` (${noiseHits.join("; ")})` : ""}`);
    console.log(`  dangling openings: ${dangling.length}${dangling.length ? ` (${dangling.join("; ")})` : ""}`);
    console.log(`  order broken: ${disordered.length}${disordered.length ? ` (${disordered.map((s) => s.join(" -> ")).join("; ")})` : ""}`);
  } else {
    console.log(`  (no expectations for this file in ${EXPECTATIONS})`);
  }
  console.log(`  duplicate pairs: ${duplicates.length}${duplicates.length ? ` (${duplicates.join("; ")})` : ""}`);
  console.log(`  time: ${elapsed.toFixed(1)} ms`);
}

function hits(texts: readonly string[], patterns: readonly string[]): string[] {
  return patterns.filter((p) => texts.some((text) => text.includes(p.toLowerCase())));
}

/** Pairs of key points sharing more than half of the smaller one's content words. */
function duplicatePairs(summary: LiveBlogSummary): string[] {
  const sets = summary.keyPoints.map((point) => new Set(contentWords(point.text)));
  const pairs: string[] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const [a, b] = [sets[i]!, sets[j]!];
      const smaller = a.size <= b.size ? a : b;
      const shared = [...smaller].filter((word) => (smaller === a ? b : a).has(word)).length;
      if (smaller.size > 0 && shared / smaller.size > 0.5) pairs.push(`${i + 1}&${j + 1}`);
    }
  }
  return pairs;
}

/** A 500-post blog: the seed's posts over and over, newest first, each a distinct post. */
function bigBlog(seed: Story): Story {
  const source: Post[] = seed.posts ?? [];
  const posts: Post[] = [];
  for (let index = 0; index < BIG_BLOG_POSTS && source.length > 0; index++) {
    const post = source[index % source.length]!;
    posts.push({ ...post, index, title: `${post.title} (${Math.floor(index / source.length) + 1})` });
  }
  return { ...seed, id: `${seed.id}-x${BIG_BLOG_POSTS}`, posts };
}

function timeBigBlog(seed: Story): void {
  const story = bigBlog(seed);
  condenseLiveBlog(story);
  condenseLiveBlog(story);
  const runs: number[] = [];
  let summary: LiveBlogSummary | undefined;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    summary = condenseLiveBlog(story);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  const [load] = loadavg();
  console.log(`\n${story.posts!.length}-post live blog built from ${SEED}:`);
  console.log(
    `  median ${median.toFixed(1)} ms, fastest ${runs[0]!.toFixed(1)} ms, slowest ${runs[runs.length - 1]!.toFixed(1)} ms over ${RUNS} runs` +
      ` (target <= ${TARGET_MS} ms): ${median <= TARGET_MS ? "OK" : "OVER TARGET"}`,
  );
  console.log(`  machine load average ${load!.toFixed(1)} on ${availableParallelism()} cores while measuring`);
  console.log(`  ${summary?.keyPoints.length ?? 0} key points; first: ${summary?.keyPoints[0]?.text ?? "(none)"}`);
}

main();
