import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { readPlainText } from "../../../src/ingest/plain-text/index.js";
import type { Story } from "../../../src/model.js";

/** Reads text that must give exactly one story and no error. */
export function readOne(text: string, file = "story.txt"): Story {
  const outcome = readPlainText(text, file);
  expect(outcome.errors).toEqual([]);
  expect(outcome.stories).toHaveLength(1);
  return outcome.stories[0]!;
}

/** Reads one of the plain-text fixtures in test/fixtures/ingest/. */
export function fixture(name: string): Story {
  const file = `test/fixtures/ingest/${name}`;
  return readOne(readFileSync(file, "utf8"), file);
}
