/**
 * Properties of the plain-text reader over generated input.
 *
 * The invariant, stated precisely: split the input into lines; drop blank
 * lines and site furniture (the fixed list of page chrome the reader is
 * designed to drop); drop the structure the format itself consumes (post
 * numbers, "Image caption:" and "Quote Message:" markers, "•", "Live
 * Reporting", "All times stated are UK", times such as "Posted at 08:15", date
 * tags). Every word of every remaining line then appears in exactly one place
 * of the Story: headline, byline, paragraphs, captions, or one post's title,
 * label, byline, time, paragraphs, bullets, captions or quotes. Two fields are
 * copies by design and are not places: the summary (the lede, copied from the
 * first paragraph) and a headline taken from the newest post or first sentence
 * when the scrape prints none. And nothing appears that was not in the input:
 * every text field is a piece of the input text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Story } from "../../src/model.js";
import { readPlainText } from "../../src/ingest/plain-text/index.js";

interface Placed {
  place: string;
  text: string;
}

/** Every text field of a story with where it sits; the summary is left out (a copy). */
function placedTexts(story: Story): Placed[] {
  const placed: Placed[] = [];
  const add = (place: string, texts: readonly (string | undefined)[]) => {
    for (const text of texts) if (text !== undefined && text !== "") placed.push({ place, text });
  };
  add("byline", [story.byline]);
  add("paragraphs", story.paragraphs);
  add("captions", story.captions);
  for (const post of story.posts ?? []) {
    const at = `posts[${post.index}]`;
    add(`${at}.title`, [post.title]);
    add(`${at}.label`, [post.label]);
    add(`${at}.byline`, [post.byline]);
    add(`${at}.time`, [post.time]);
    add(`${at}.paragraphs`, post.paragraphs);
    add(`${at}.bullets`, post.bullets);
    add(`${at}.captions`, post.captions);
    add(`${at}.quotes`, post.quotes);
  }
  // A headline copied from another field is not a place of its own.
  if (!placed.some((p) => p.text.includes(story.headline))) placed.push({ place: "headline", text: story.headline });
  return placed;
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/** Whether every text field is a piece of the input (bylines join a name line and a role line with ", "). */
function expectNothingForeign(story: Story, input: string): void {
  const haystack = normalize(input);
  const texts = [story.headline, story.summary, ...placedTexts(story).flatMap((p) => (p.place.endsWith("byline") ? p.text.split(", ") : [p.text]))];
  for (const text of texts) {
    if (text === undefined || text === "") continue;
    expect(haystack.includes(normalize(text)), `"${text}" is not in the input`).toBe(true);
  }
}

function expectWellFormed(story: Story, input: string): void {
  const lineCount = input.split(/\r\n|\r|\n/).length;
  expect(typeof story.headline).toBe("string");
  expect(story.headline).not.toBe("");
  expect(story.origin.line).toBeGreaterThanOrEqual(1);
  expect(story.origin.line).toBeLessThanOrEqual(lineCount);
  const posts = story.posts ?? [];
  expect(posts.map((p) => p.index)).toEqual(posts.map((_, i) => i));
  for (let i = 1; i < posts.length; i++) expect(posts[i]!.line!).toBeGreaterThan(posts[i - 1]!.line!);
}

/** Lines that steer the reader into its rarer paths: markers, furniture, odd shapes. */
const STEERING_LINES = [
  "Live Reporting", "All times stated are UK", "Edited by Flora Drury", "Summary", "Get involved",
  "  1. Title", "  2. Analysis", "  3. BreakingSomething happened", "Posted at 08:15", "08:15", "• bullet",
  "Image caption: a caption", "Video content", "Video caption:", "Quote Message:", "View more on twitter",
  "fairness meter", "About the writer", "Newsweek cover", "Leave a Reply", "Read more:", "Update: x",
  "Original Story:", "Jun 19, 2024Putin", "Contributor/Getty Images", "By", "1.", "•", "Got a TV Licence?",
  "Title published at 12:36 Greenwich Mean Time12:36 GMT", "Copyright: x", "© 2024", "(More stories.)",
];

const arbitraryText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 3000 }),
  fc
    .array(
      fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 120 }),
        fc.constantFrom(...STEERING_LINES),
        fc.tuple(fc.constantFrom("", "  ", "    ", "\t"), fc.constantFrom(...STEERING_LINES), fc.string({ maxLength: 30 })).map(([indent, line, tail]) => indent + line + tail),
      ),
      { maxLength: 60 },
    )
    .chain((lines) => fc.constantFrom("\n", "\r\n", "\r", "\n\n").map((eol) => lines.join(eol))),
);

describe("readPlainText on arbitrary text", () => {
  it("never throws, returns one story or one error naming the file, and invents no text", () => {
    fc.assert(
      fc.property(arbitraryText, (input) => {
        const outcome = readPlainText(input, "any.txt");
        expect(outcome.stories.length + outcome.errors.length).toBe(1);
        for (const error of outcome.errors) {
          expect(error.file).toBe("any.txt");
          expect(error.message).toMatch(/^(no story text|live blog without posts)/);
        }
        for (const story of outcome.stories) {
          expectWellFormed(story, input);
          expectNothingForeign(story, input);
        }
      }),
      { numRuns: 400 },
    );
  });
});

// ---- Scrape-like documents whose story words can be traced --------------------------------

type Shape = "sentence" | "phrase" | "name" | "role" | "wrapped" | "twoSentences" | "longRun";
type Prefix = "" | "• " | "Image caption: " | "Video caption: " | "Quote Message: " | "By " | "Edited by " | "Breaking" | "Analysis" | "post" | "7. " | "Jun 19, 2024 ";
type Suffix = "" | " published at 12:36 Greenwich Mean Time" | ". Contributor/Getty Images";

type Piece =
  | { kind: "text"; shape: Shape; prefix: Prefix; suffix: Suffix; indent: string; blankAfter: boolean }
  | { kind: "marker" | "furniture"; text: string; blankAfter: boolean };

/** Structure the format consumes: it carries no story words. */
const MARKERS = ["Live Reporting", "All times stated are UK", "Summary", "Posted at 08:15", "08:15", "Analysis", "Breaking", "•", "Image caption:"];
/** Single-line furniture, dropped by design. */
const FURNITURE = [
  "fairness meter", "Click On Meter", "Share your rating", "Got a TV Licence?", "Find out more", "Video content",
  "View more on twitter", "Get involved", "To Rate This Article", "Share this post",
  "Do you have a tip on a world news story that Newsweek should be covering?",
  "Hold us accountable and submit your rating of this article on the meter.",
];
const FILLER = ["river", "council", "plans", "north", "vote", "market", "storm", "talks"];

const pieceArbitrary: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("text" as const),
      shape: fc.constantFrom<Shape>("sentence", "phrase", "name", "role", "wrapped", "twoSentences", "longRun"),
      prefix: fc.constantFrom<Prefix>("", "", "", "• ", "Image caption: ", "Video caption: ", "Quote Message: ", "By ", "Edited by ", "Breaking", "Analysis", "post", "post", "7. ", "Jun 19, 2024 "),
      suffix: fc.constantFrom<Suffix>("", "", "", " published at 12:36 Greenwich Mean Time", ". Contributor/Getty Images"),
      indent: fc.constantFrom("", "  ", "    "),
      blankAfter: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("marker" as const), text: fc.constantFrom(...MARKERS), blankAfter: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("furniture" as const), text: fc.constantFrom(...FURNITURE), blankAfter: fc.boolean() }) },
);

/**
 * Letters-only ids of one length ("Zqaaa", "Zqaab", ...): realistic in name and headline
 * shapes, and never one inside another, so they can be counted as substrings even where
 * the page glues them to a label ("BreakingZqaab").
 */
function tokenName(n: number): string {
  let letters = "";
  for (let i = 0; i < 3; i++, n = Math.floor(n / 26)) letters = String.fromCharCode(97 + (n % 26)) + letters;
  return `Zq${letters}`;
}

interface Document {
  text: string;
  tokens: string[];
  /** Tokens on "By ..." / "Edited by ..." lines: an author alone is no story. */
  authorTokens: Set<string>;
}

function render(pieces: readonly Piece[]): Document {
  const tokens: string[] = [];
  const authorTokens = new Set<string>();
  const newToken = (capital: boolean) => {
    const name = tokenName(tokens.length);
    const token = capital ? name : name.toLowerCase();
    tokens.push(token);
    return token;
  };
  const upper = () => newToken(true);
  const lower = () => newToken(false);
  const word = (i: number) => FILLER[i % FILLER.length]!;
  let postNumber = 1;
  const lines: string[] = [];
  for (const piece of pieces) {
    if (piece.kind !== "text") {
      lines.push(piece.kind === "marker" && piece.text === "Analysis" ? `  ${postNumber++}. Analysis` : piece.text);
    } else {
      let body: string;
      switch (piece.shape) {
        case "sentence": body = `${upper()} ${word(1)} ${word(2)} ${lower()}.`; break;
        case "phrase": body = `${upper()} ${word(3)} ${lower()}`; break;
        case "name": body = `${upper()} ${upper()}`; break;
        case "role": body = `${word(4)} ${lower()}`; break;
        case "wrapped": body = `${lower()} ${FILLER.join(" ")} ${lower()}`; break;
        case "twoSentences": body = `${upper()} ${word(5)} ${lower()}. ${upper()} ${word(6)} ${lower()}`; break;
        case "longRun": body = `${upper()} ${[...FILLER, ...FILLER, ...FILLER].join(" ")} ${lower()}`; break;
      }
      // Labels glue onto a capital only, as pages print them ("BreakingVladimir").
      const prefix = piece.prefix === "post" ? `${postNumber++}. ` : (piece.prefix === "Breaking" || piece.prefix === "Analysis") && !/^[A-Z]/.test(body) ? "" : piece.prefix;
      const indent = piece.prefix === "post" ? "  " : piece.indent;
      if (prefix === "By " || prefix === "Edited by ") for (const token of body.match(/[Zz]q[a-z]{3}/g) ?? []) authorTokens.add(token);
      lines.push(indent + prefix + body + piece.suffix);
    }
    if (piece.blankAfter) lines.push("");
  }
  return { text: lines.join("\n"), tokens, authorTokens };
}

function occurrences(token: string, text: string): number {
  let count = 0;
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length)) count++;
  return count;
}

describe("readPlainText on scrape-like documents", () => {
  it("puts every story word in exactly one place, drops the furniture and invents nothing", () => {
    fc.assert(
      fc.property(fc.array(pieceArbitrary, { minLength: 1, maxLength: 45 }), (pieces) => {
        const document = render(pieces);
        const outcome = readPlainText(document.text, "scrape.txt");
        // Only markers, furniture and author lines: the reader may report "no story text".
        if (document.tokens.every((token) => document.authorTokens.has(token)) && outcome.stories.length === 0) return;
        expect(outcome.errors).toEqual([]);
        const story = outcome.stories[0]!;
        const placed = placedTexts(story);
        for (const token of document.tokens) {
          const where = placed.filter((p) => p.text.includes(token)).map((p) => p.place);
          const count = placed.reduce((sum, p) => sum + occurrences(token, p.text), 0);
          expect(count, `${token} found in [${where.join(", ")}]`).toBe(1);
        }
        // Furniture never reaches the story, not even the copies.
        const everything = [story.headline, story.summary ?? "", ...placed.map((p) => p.text)].join("\n");
        for (const furniture of FURNITURE) expect(everything).not.toContain(furniture);
        expectNothingForeign(story, document.text);
        expectWellFormed(story, document.text);
      }),
      { numRuns: 500 },
    );
  });
});
