/**
 * Line shapes shared by the article and live-blog parsers: bullets, caption
 * and quote markers, photo credits, name and role lines, editorial labels.
 * Each is a cheap test on one trimmed line; together they decide where a line
 * of a scrape belongs.
 */

const BULLETS = new Set(["•", "●", "▪", "◦"]);

/** "• text" -> "text" (may be "" for a bare bullet); undefined when the line is no bullet. */
export function bulletText(text: string): string | undefined {
  return BULLETS.has(text.charAt(0)) ? text.slice(1).trim() : undefined;
}

/** "Image caption: ..." (BBC), and the bare "Image: ..." / "Pic: ..." some outlets print under a picture. */
const CAPTION_MARKER = /^(?:(?:image|video|media|picture) caption\s*[:,]|(?:image|picture|pic|photo|video)\s*:)\s*/i;

/** "Image caption: text" / "Video caption, text" -> "text"; undefined when unmarked. */
export function markedCaption(text: string): string | undefined {
  const marker = CAPTION_MARKER.exec(text);
  return marker ? text.slice(marker[0].length) : undefined;
}

/**
 * An alt line glued to its caption, "Stranded BritonsImage caption: Stranded Britons
 * were...", split into [alt, caption]; undefined when the marker is not inside the line.
 */
export function splitGluedCaption(text: string): [string, string] | undefined {
  for (const marker of ["Image caption:", "Video caption:", "Image caption,", "Video caption,"]) {
    const at = text.indexOf(marker);
    if (at > 0) return [text.slice(0, at).trim(), text.slice(at + marker.length).trim()];
  }
  return undefined;
}

const QUOTE_MARKER = /^quote message\s*:?\s*/i;

/** "Quote Message: text" -> "text"; undefined when unmarked. */
export function markedQuote(text: string): string | undefined {
  if (text.length < 13 || (text.charAt(0) !== "Q" && text.charAt(0) !== "q")) return undefined;
  const marker = QUOTE_MARKER.exec(text);
  return marker ? text.slice(marker[0].length) : undefined;
}

/** Closing quotes and brackets that may follow a sentence's final mark. */
const CLOSERS = "\"'”’)]»";
const FINAL_MARKS = ".!?…:;";

/** Whether the line ends the way a sentence (or a lead-in to a list) ends. */
import { wordCount } from "../../text/index.js";

export { wordCount };

export function endsLikeSentence(text: string): boolean {
  let end = text.length - 1;
  while (end > 0 && CLOSERS.includes(text.charAt(end))) end--;
  const last = text.charAt(end);
  if (FINAL_MARKS.includes(last)) return true;
  // A closing quote right after a comma ends quoted speech: “..., he said,”
  return end < text.length - 1 && last === ",";
}

/** A full stop inside the line followed by a new sentence: "...World War Two. The US..." */
const INNER_SENTENCE_BREAK = /[\p{Ll}\d)"”’][.!?]["”’]?\s+["“‘(]?\p{Lu}/u;

export function hasInnerSentenceBreak(text: string): boolean {
  return INNER_SENTENCE_BREAK.test(text);
}

/**
 * A bare image alt line inside a post ("Putin meets Kim"): short, not a
 * sentence, one phrase. Paragraphs end with a mark or hold several sentences;
 * a long unpunctuated line is a paragraph cut off by the scrape.
 */
export function isBareAltLine(text: string): boolean {
  return !endsLikeSentence(text) && wordCount(text) <= 20 && !hasInnerSentenceBreak(text);
}

/** Agencies and photo desks that end a picture credit. */
const CREDIT_TAILS = [
  "Getty Images", "AFP", "Reuters", "AP", "AP Photo", "EPA", "EPA-EFE", "Shutterstock", "Alamy",
  "PA", "PA Media", "PA Wire", "Bloomberg", "Sputnik", "Xinhua", "Anadolu", "Anadolu Agency",
  "NurPhoto", "SOPA Images", "LightRocket", "KCNA", "TASS", "Pool", "Handout", "Imago",
  "Kremlin Pool", "Corbis", "WireImage", "Contributor",
];
const CREDIT_LEADS = ["Photo:", "Photograph:", "Credit:", "Picture:", "Photo by ", "(Photo by ", "Pic:"];
const BRACKETED_CREDIT = /\[[^\]\/]{2,60}\/[^\]\/]{2,60}\]\.?$/;

/**
 * Whether a line is a picture caption: it ends with a credit such as
 * "Contributor/Getty Images", "Photo: Jane Doe" or "AFP via Getty Images"
 * instead of a full stop. Only the last sentence is looked at, so the check
 * stays linear and cheap on long paragraphs.
 */
export function endsWithCredit(text: string): boolean {
  if (text.length > 600) return false;
  // "[Jane Doe/Reuters]", "[AP Photo/Jane Doe]": a bracketed photographer and agency.
  if (BRACKETED_CREDIT.test(text)) return true;
  if (endsLikeSentence(text)) return false;
  const lastStop = Math.max(text.lastIndexOf(". "), text.lastIndexOf("! "), text.lastIndexOf("? "));
  const tail = (lastStop >= 0 ? text.slice(lastStop + 2) : text).trim();
  if (tail === "" || wordCount(tail) > 9) return false;
  for (const lead of CREDIT_LEADS) if (tail.startsWith(lead)) return true;
  const agencyAtEnd = CREDIT_TAILS.some((agency) => {
    const before = tail.charAt(tail.length - agency.length - 1);
    return tail.endsWith(agency) && (before === "" || before === " " || before === "/");
  });
  const slashed = /\p{L}\/\p{L}/u.test(tail);
  // "Contributor/Getty Images", "AFP via Getty Images": an agency closing the line after a
  // photographer or "via" is a credit. A slash or an agency name alone is only a credit
  // after a sentence: "Swindon/Notts Co v Middlesbrough" is a fixture, not a caption.
  if (agencyAtEnd && (slashed || / via | for /.test(tail) || tail.length <= 16)) return true;
  return lastStop >= 0 && (slashed || agencyAtEnd);
}

const NAME_PARTICLES = new Set(["van", "von", "de", "der", "den", "del", "da", "di", "du", "la", "le", "bin", "al", "el", "dos", "das", "ter", "y"]);

/** A person or desk name line ("Ben Tavener", "BBC Monitoring", "Isabel van Brugen"). */
export function isNameLine(text: string): boolean {
  if (text.length > 40 || endsLikeSentence(text)) return false;
  const words = text.split(" ");
  if (words.length > 5) return false;
  let capitals = 0;
  for (const word of words) {
    if (word === "") return false;
    if (NAME_PARTICLES.has(word)) continue;
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(word)) return false;
    capitals++;
  }
  return capitals >= 1;
}

/** The role line under a byline name ("Moscow producer", "Reporting from New York"). */
export function isRoleLine(text: string): boolean {
  return (
    text.length <= 60 &&
    wordCount(text) <= 8 &&
    !endsLikeSentence(text) &&
    !text.endsWith(",") &&
    bulletText(text) === undefined &&
    markedCaption(text) === undefined &&
    markedQuote(text) === undefined &&
    splitGluedCaption(text) === undefined &&
    !/\d:\d\d/.test(text)
  );
}

/** "By Jane Doe" / "Edited by Jane Doe" -> "Jane Doe"; undefined otherwise. */
export function bylineText(text: string): string | undefined {
  if (text.length > 120 || endsLikeSentence(text)) return undefined;
  const match = /^(?:(?:edited|written|compiled|presented|reported|words) by|by)[:\s]\s*(.+)$/i.exec(text);
  if (!match) return undefined;
  const name = match[1]!.trim();
  // "By the end of the day..." is a sentence, not a byline: bylines start with a capital.
  return /^\p{Lu}/u.test(name) && wordCount(name) <= 12 ? name : undefined;
}

/** Editorial labels a live-blog post title may carry, longest first for glued matching. */
export const POST_LABELS: readonly string[] = [
  "Breaking news", "Reality Check", "Post update", "Key update", "In pictures", "Watch live",
  "BBC Verify", "Fact check", "Eyewitness", "Correction", "Explainer", "Breaking", "Analysis",
  "Opinion", "Listen", "Update", "Recap", "Watch", "Video", "Live",
];
const LABELS_LOWER = new Set(POST_LABELS.map((label) => label.toLowerCase()));

/** A line that is only a label ("Analysis"), as printed when the title follows on the next line. */
export function isLabelLine(text: string): boolean {
  return text.length <= 15 && LABELS_LOWER.has(text.toLowerCase());
}

/** "BreakingVladimir Putin lands" -> ["Breaking", "Vladimir Putin lands"]; undefined when not glued. */
export function splitGluedLabel(title: string): [string, string] | undefined {
  for (const label of POST_LABELS) {
    if (title.length > label.length && title.startsWith(label) && /[\p{Lu}\d'"‘“]/u.test(title.charAt(label.length))) {
      return [label, title.slice(label.length).trim()];
    }
  }
  return undefined;
}

/**
 * Whether a first line reads as a headline rather than a paragraph: one
 * phrase, not several sentences, and not a long sentence ending in a full stop.
 */
export function isHeadlineLike(text: string): boolean {
  if (text.length > 200 || hasInnerSentenceBreak(text)) return false;
  return !(text.endsWith(".") && wordCount(text) > 15);
}

const WEEKDAY_NAMES = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const DAY_HEADER = new RegExp(`^${WEEKDAY_NAMES},?\\s+(?:\\d{1,2}(?:st|nd|rd|th)?\\s+[A-Z][a-z]+|[A-Z][a-z]+\\s+\\d{1,2}(?:st|nd|rd|th)?)(?:,?\\s+\\d{4})?$`);

/** A day header between a live blog's posts: "Tuesday, 4 June", "Wednesday June 5, 2024". */
export function isDayHeader(text: string): boolean {
  return text.length <= 40 && DAY_HEADER.test(text);
}

/** The signature under an embedded social post: "— Ana Ruiz (@anaruiz) June 4, 2024". */
export function isEmbedSignature(text: string): boolean {
  return text.length <= 120 && /^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)/.test(text);
}
