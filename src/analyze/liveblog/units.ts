import type { Post } from "../../model.js";
import { contentWords, splitSentences, wordCount } from "../../text/index.js";
import {
  isBareCaption,
  isFarewellTitle,
  isHousekeeping,
  isMediaMeta,
  isPromo,
  isPromoTitle,
  isRecapIntro,
  isRecapTitle,
  startsAnaphoric,
  trimLeadingConnective,
  trimLeadingLabel,
} from "./cues.js";
import { resolveOpening } from "./pronouns.js";
import { stem } from "./terms.js";

/**
 * Cutting posts into units: the sentences, bullets and titles that may become
 * key points, plus the quotes and captions that only serve as evidence that
 * something happened (a Telegram quote "Putin arrived in Pyongyang" settles
 * "still unclear when he will arrive" even though it is never a key point).
 */

const MAX_KEY_POINT_WORDS = 40;
const MIN_KEY_POINT_WORDS = 5;

type UnitKind = "sentence" | "bullet" | "title" | "pair" | "quote" | "caption";

export interface Unit {
  /** Position in extraction order; the final tie-breaker, so output is deterministic. */
  id: number;
  /** Post.index of the post it came from. */
  post: number;
  /** 0 for the newest post, counting the posts actually present. */
  rank: number;
  kind: UnitKind;
  /** The text as it would be shown: leading connective cut, final stop added. */
  text: string;
  /** Stemmed content words. */
  terms: string[];
  /** Unstemmed content words, for the "no two points share half their words" rule. */
  words: string[];
  wordCount: number;
  /** Plugs a podcast, newsletter, app... */
  promo: boolean;
  /**
   * Tells something (not housekeeping, not a promo, not a pair whose parts
   * already count): may carry weight in term statistics and settle older lines.
   */
  informative: boolean;
  /** First sentence of the post's prose: the lede. */
  lede: boolean;
  /** Bullet of a post that summarises the blog. */
  recap: boolean;
  /** May be shown as a key point (before staleness is known). */
  candidate: boolean;
  /**
   * Opens with a pronoun whose name the post does not make certain ("They
   * began to ..."): never shown alone, only after the sentence it leans on.
   * A pronoun the post does make certain is replaced in `text` already.
   */
  dangling: boolean;
  /** For pairs: the two sentence units it joins. */
  parts?: [Unit, Unit];
}

type PostRole = "news" | "recap" | "promo" | "farewell";

export interface PostUnits {
  post: Post;
  rank: number;
  role: PostRole;
  units: Unit[];
}

/** Lines a scrape may leave in the prose that are really captions or quotes. */
const CAPTION_LINE = /^(?:image|media|video) caption:\s*/i;
const QUOTE_LINE = /^quote message:\s*/i;

/** A paragraph or bullet of a post, cut into sentences once. */
interface Block {
  kind: "prose" | "bullet" | "caption" | "quote";
  sentences: string[];
}

function blocksOf(post: Post): Block[] {
  const blocks: Block[] = [];
  const add = (raw: string, bullet: boolean): void => {
    const text = raw.trim();
    if (text === "") return;
    if (CAPTION_LINE.test(text)) blocks.push({ kind: "caption", sentences: [text.replace(CAPTION_LINE, "")] });
    else if (QUOTE_LINE.test(text)) blocks.push({ kind: "quote", sentences: [text.replace(QUOTE_LINE, "")] });
    else blocks.push({ kind: bullet ? "bullet" : "prose", sentences: splitSentences(text) });
  };
  for (const paragraph of post.paragraphs) add(paragraph, false);
  for (const bullet of post.bullets) add(bullet, true);
  for (const caption of post.captions) {
    const text = caption.replace(CAPTION_LINE, "").trim();
    if (text !== "") blocks.push({ kind: "caption", sentences: [text] });
  }
  for (const quote of post.quotes) {
    const text = quote.replace(QUOTE_LINE, "").trim();
    if (text !== "") blocks.push({ kind: "quote", sentences: [text] });
  }
  return blocks;
}

/**
 * What a post is for: news, the blog's own recap, a promo (title or most of
 * its text plugs something), or a farewell (welcome, sign-off, "stay with
 * us"): nothing in it but talk about the page.
 */
function classifyPost(post: Post, blocks: readonly Block[], lines: readonly Line[]): PostRole {
  const title = post.title.trim();
  if (isPromoTitle(title)) return "promo";
  const promos = lines.filter((line) => line.unit.promo).length;
  if (promos > 0 && promos >= lines.length / 2) return "promo";
  const hasBullets = blocks.some((block) => block.kind === "bullet");
  const recap = isRecapTitle(title) || blocks.some((block) => block.kind === "prose" && block.sentences.some(isRecapIntro));
  if (recap && hasBullets) return "recap";
  if (isFarewellTitle(title) && !hasBullets) return "farewell";
  if (!lines.some((line) => line.unit.informative)) return "farewell";
  return recap ? "recap" : "news";
}

/** A sentence or bullet unit with where it sits, before the post's role is known. */
interface Line {
  unit: Unit;
  bullet: boolean;
  /** Opens its block: pairs join neighbours of one block only. */
  first: boolean;
  /** The text as the post printed it, before a pronoun was resolved. */
  original: string;
}

/**
 * Units of every post, posts ordered newest first by Post.index. Unit ids
 * are unique across the blog and follow page order.
 */
export function extractUnits(posts: readonly Post[]): PostUnits[] {
  const ordered = [...posts].sort((a, b) => a.index - b.index);
  let nextId = 0;
  const make = (post: number, rank: number, kind: UnitKind, raw: string): Unit => {
    // splitSentences already normalised the spacing of sentences.
    const text = kind === "sentence" || kind === "bullet" || kind === "pair" ? raw : raw.replace(/\s+/g, " ").trim();
    const words = Array.from(new Set(contentWords(text)));
    const terms: string[] = [];
    for (const word of words) {
      const term = stem(word);
      if (!terms.includes(term)) terms.push(term);
    }
    const promo = isPromo(text);
    return {
      id: nextId++,
      post,
      rank,
      kind,
      text,
      terms,
      words,
      wordCount: text === "" ? 0 : countSpaces(text) + 1,
      promo,
      informative: kind !== "pair" && !promo && !isHousekeeping(text),
      lede: false,
      recap: false,
      candidate: false,
      dangling: false,
    };
  };
  return ordered.map((post, rank) => {
    const blocks = blocksOf(post);
    const units: Unit[] = [];
    const title = cleanTitle(post.title);
    const titleUnit = title === "" ? undefined : make(post.index, rank, "title", asSentence(title));
    if (titleUnit) {
      titleUnit.dangling = resolveOpening(titleUnit.text, []).kind !== "plain";
      units.push(titleUnit);
    }
    const lines: Line[] = [];
    // What a reader of the post has seen so far: where its pronouns find their names.
    const seen: string[] = title === "" ? [] : [title];
    for (const block of blocks) {
      if (block.kind === "caption" || block.kind === "quote") {
        units.push(make(post.index, rank, block.kind, block.sentences[0]!));
        continue;
      }
      const bullet = block.kind === "bullet";
      block.sentences.forEach((sentence, at) => {
        const trimmed = trimLeadingConnective(trimLeadingLabel(sentence));
        const shown = bullet ? asSentence(trimmed) : trimmed;
        const resolution = resolveOpening(shown, seen);
        const unit = make(post.index, rank, bullet ? "bullet" : "sentence", resolution.kind === "resolved" ? resolution.text : shown);
        unit.dangling = resolution.kind === "dangling";
        lines.push({ unit, bullet, first: at === 0, original: shown });
        seen.push(sentence);
      });
    }

    const role = classifyPost(post, blocks, lines);
    const usable = role === "news" || role === "recap";
    if (titleUnit) titleUnit.candidate = usable && !titleUnit.dangling && isStatementTitle(title);
    let lede = true;
    let previous: { unit: Unit; standalone: boolean } | undefined;
    for (const line of lines) {
      const { unit, bullet } = line;
      if (line.first) previous = undefined;
      const standalone = usable && unit.informative && isKeyPointShape(unit);
      unit.candidate = standalone && !unit.dangling && balancedQuotes(unit.text);
      unit.recap = bullet && role === "recap";
      unit.lede = lede && !bullet && standalone;
      if (unit.lede) lede = false;
      units.push(unit);
      // Two sentences are offered together when the second leans on the
      // first ("They began to ..."), when a quotation runs across both, or
      // when they make one bullet; only if together they fit one key point.
      if (previous !== undefined && previous.standalone && standalone && !previous.unit.dangling) {
        // The second sentence keeps its own words: its pronoun has its name just before.
        const joined = `${previous.unit.text} ${line.original}`;
        const leans = startsAnaphoric(line.original) || bullet || !balancedQuotes(previous.unit.text);
        if (leans && balancedQuotes(joined) && previous.unit.wordCount + unit.wordCount <= MAX_KEY_POINT_WORDS) {
          units.push(joinPair(nextId++, previous.unit, unit, joined));
        }
      }
      previous = { unit, standalone };
    }
    return { post, rank, role, units };
  });
}

/** Two neighbouring sentences as one unit; its words are theirs, so nothing is tokenized twice. */
function joinPair(id: number, first: Unit, second: Unit, text: string): Unit {
  const words = [...first.words, ...second.words.filter((word) => !first.words.includes(word))];
  const terms = [...first.terms, ...second.terms.filter((term) => !first.terms.includes(term))];
  return {
    id,
    post: first.post,
    rank: first.rank,
    kind: "pair",
    text,
    terms,
    words,
    wordCount: first.wordCount + second.wordCount,
    promo: false,
    informative: false,
    lede: first.lede,
    recap: second.recap,
    candidate: true,
    dangling: false,
    parts: [first, second],
  };
}

function countSpaces(text: string): number {
  let spaces = 0;
  for (let at = 0; at < text.length; at++) if (text.charCodeAt(at) === 32) spaces++;
  return spaces;
}

/** A sentence that can stand alone as a key point, by its shape and what it talks about. */
function isKeyPointShape(unit: Unit): boolean {
  const text = unit.text;
  if (unit.wordCount < MIN_KEY_POINT_WORDS || unit.wordCount > MAX_KEY_POINT_WORDS) return false;
  if (/[?:]["'”’)]*$/.test(text)) return false; // questions, and lines that introduce a quote or list
  if (!/^["'“‘(]?[A-Z0-9]/.test(text)) return false; // a fragment cut mid-sentence
  return !isMediaMeta(text) && !isBareCaption(text);
}

/** Opening and closing quotation marks pair up: the sentence is not a piece of a longer quote. */
function balancedQuotes(text: string): boolean {
  const opening = (text.match(/“/g) ?? []).length;
  const closing = (text.match(/”/g) ?? []).length;
  const straight = (text.match(/"/g) ?? []).length;
  return opening === closing && straight % 2 === 0;
}

/**
 * Strips an editorial lead-in from a post title ("First picture: Kim meets
 * Putin", "Watch: ..."). A speaker before the colon ("Coastguard: all crew
 * safe") is attribution and stays.
 */
export function cleanTitle(title: string): string {
  const stripped = title
    .trim()
    .replace(/^Breaking(?=[A-Z])/, "") // a label the scrape glued to the title
    .replace(TITLE_LABEL, "")
    .trim();
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

const TITLE_LABEL =
  /^(?:first (?:picture|pictures|images?|video|look)|pictures?|photos?|watch(?: live| again)?|listen|live|breaking(?: news)?|analysis|explainer|explained|in pictures|in numbers|in video|video|update|latest|recap|timeline|opinion|fact ?check|reality check|verify|what we know)\s*:\s+/i;

/**
 * A title that reads as a statement of news ("Kremlin confirms Putin's
 * arrival"), not a question, a teaser ("A look at ..."), a quotation without
 * its speaker, or a bare label ("Analysis").
 */
export function isStatementTitle(title: string): boolean {
  if (wordCount(title) < 4 || wordCount(title) > MAX_KEY_POINT_WORDS) return false;
  if (/\?$/.test(title)) return false;
  if (/^["'“‘]/.test(title)) return false;
  if (/^(?:a look|what|why|how|who|when|where|which|in pictures|in numbers|explained|explainer|analysis|watch|live|catch|recap|the latest)\b/i.test(title)) return false;
  if (isRecapTitle(title) || isHousekeeping(title) || isPromo(title) || isFarewellTitle(title) || isBareCaption(title)) return false;
  return /[a-z]/.test(title);
}

/** Ends the text with a full stop when it has no final punctuation (titles, bullets). */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["'”’)\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
