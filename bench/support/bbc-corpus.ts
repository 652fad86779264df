/**
 * The labelled BBC News articles (../shared/datasets/bbc-news: one folder per
 * section, headline on the first line), and larger inputs made from them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Story } from "../../src/model.js";

export interface Labelled {
  stories: Story[];
  sections: string[];
}

/** Reads the articles, interleaving sections so that any prefix is a balanced sample. */
export function readBbc(root: string): Labelled {
  const sections = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
  const bySection = sections.map((section) =>
    readdirSync(join(root, section))
      .filter((file) => file.endsWith(".txt"))
      .sort()
      .map((file): [Story, string] => {
        const path = join(root, section, file);
        const lines = readFileSync(path, "utf8")
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== "");
        const story: Story = {
          id: `bbc/${section}/${file.replace(/\.txt$/, "")}`,
          kind: "article",
          source: { name: "BBC News" },
          headline: lines[0] ?? file,
          paragraphs: lines.slice(1),
          captions: [],
          origin: { file: path, line: 1 },
        };
        return [story, section];
      }),
  );
  const out: Labelled = { stories: [], sections: [] };
  const longest = Math.max(...bySection.map((list) => list.length));
  for (let k = 0; k < longest; k++) {
    for (const list of bySection) {
      const entry = list[k];
      if (!entry) continue;
      out.stories.push(entry[0]);
      out.sections.push(entry[1]);
    }
  }
  return out;
}

export function datasetExists(root: string): boolean {
  return existsSync(root);
}

/** A fixed pseudo-random sequence (linear congruential), so every run builds the same input. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `count` new stories, each made of sentences of stories of one section (a
 * headline of one, 6 to 14 sentences drawn from others), keeping the section
 * label: text as varied as the corpus, at any size.
 */
export function synthesise(data: Labelled, count: number, seed = 20240620): Labelled {
  const next = random(seed);
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(next() * list.length)]!;
  const bySection = new Map<string, { headlines: string[]; sentences: string[] }>();
  data.stories.forEach((story, i) => {
    const section = data.sections[i]!;
    let pool = bySection.get(section);
    if (!pool) bySection.set(section, (pool = { headlines: [], sentences: [] }));
    pool.headlines.push(story.headline);
    for (const paragraph of story.paragraphs) pool.sentences.push(...paragraph.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20));
  });
  const names = [...bySection.keys()].sort();
  const out: Labelled = { stories: [], sections: [] };
  for (let k = 0; k < count; k++) {
    const section = names[k % names.length]!;
    const pool = bySection.get(section)!;
    const length = 6 + Math.floor(next() * 9);
    const sentences = Array.from({ length }, () => pick(pool.sentences));
    const paragraphs: string[] = [];
    for (let s = 0; s < sentences.length; s += 2) paragraphs.push(sentences.slice(s, s + 2).join(" "));
    out.stories.push({
      id: `synth/${section}/${k}`,
      kind: "article",
      source: { name: "BBC News" },
      headline: pick(pool.headlines),
      paragraphs,
      captions: [],
      origin: { file: `synth/${section}/${k}.txt` },
    });
    out.sections.push(section);
  }
  return out;
}

/** The dense worst case: `count` short stories written from a ten-word vocabulary, so every story shares words with every other. */
export function tinyVocabulary(count: number, seed = 7): Story[] {
  const words = ["market", "team", "vote", "film", "phone", "rain", "court", "school", "price", "match"];
  const next = random(seed);
  const phrase = (length: number): string => Array.from({ length }, () => words[Math.floor(next() * words.length)]!).join(" ");
  return Array.from({ length: count }, (_, k): Story => ({
    id: `tiny/${k}`,
    kind: "article",
    source: { name: "Tiny Wire" },
    headline: phrase(4),
    paragraphs: [phrase(12)],
    captions: [],
    origin: { file: `tiny/${k}.txt` },
  }));
}
