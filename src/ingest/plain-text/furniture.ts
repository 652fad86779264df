/**
 * Site furniture: the parts of a scraped page that are not the story (licence
 * and subscription nags, rating widgets, share and embed chrome, comment
 * forms, related-link lists). Furniture is dropped before parsing, so it can
 * appear nowhere in a Story. The one thing kept from it is the writer's name
 * in Newsweek's "About the writer" block, which becomes the byline.
 */
import { bulletText, isNameLine } from "./shapes.js";
import type { Line } from "./lines.js";

/** Lines that are furniture wherever they appear (compared lower-cased, straight apostrophes). */
const FURNITURE_LINES = new Set([
  // BBC licence preamble and page chrome
  "got a tv licence?", "got a tv license?", "find out more", "i don't have a tv licence.",
  "i don't have a tv licence", "get involved", "video content", "media content",
  "accept and continue", "article share tools", "share this post", "copy this link",
  "read more about these links.", "media playback is not supported on this device",
  "media playback is unsupported on your device", "related topics", "more on this story",
  "top stories", "most read", "features", "share", "save", "share page", "copy link",
  // Newsweek fairness meter, writer block and subscription box
  "fairness meter", "newsweek is committed to journalism that's factual and fair.",
  "hold us accountable and submit your rating of this article on the meter.", "click on meter",
  "to rate this article", "comment about your rating", "share your rating", "newsweek cover",
  // Generic page chrome
  "advertisement", "skip advertisement", "story continues below advertisement",
  "article continues below", "continue reading", "read more", "cancel reply",
  "related articles", "related stories", "related content", "recommended", "sign up",
]);

/** Lines that are furniture when they start like this. */
const FURNITURE_PREFIXES = [
  "you need one to watch live tv", "do you have a tip", "do you have a story",
  "to read how newsweek uses ai", "view more on ", "skip twitter post", "skip instagram post",
  "skip youtube post", "skip facebook post", "skip tiktok post", "skip x post", "end of twitter post",
  "end of instagram post", "end of youtube post", "end of facebook post", "end of tiktok post",
  "end of x post", "this article contains content provided by", "your email address will not be published",
  "required fields are marked", "image source, ", "image source: ", "?ns_", "http://", "https://",
  "www.", "copyright ©", "©", "read more: ", "sign up for ", "follow us on ", "click here to",
];

/** Headers after which everything is furniture: the comment form. */
const TAIL_HEADERS = new Set(["leave a reply", "leave a comment", "leave a reply cancel reply", "post a comment"]);
/** Headers followed by a list (bullets or adjacent link lines) that is furniture too. */
const LIST_HEADERS = new Set(["newsweek cover", "read more:", "read more", "related:", "more on this story", "related topics", "related articles", "related stories", "subscribe", "subscribe now"]);

function key(text: string): string {
  const lower = text.slice(0, 120).toLowerCase();
  return lower.includes("’") || lower.includes("‘") ? lower.replace(/[’‘]/g, "'") : lower;
}

/** Whether one line, on its own, is site furniture. */
export function isFurnitureLine(text: string): boolean {
  if (text.length > 400) return false;
  const k = key(text);
  if (FURNITURE_LINES.has(k)) return true;
  for (const prefix of FURNITURE_PREFIXES) if (k.startsWith(prefix)) return true;
  // "Allow Twitter content?", "Allow YouTube content?"
  if (k.startsWith("allow ") && k.endsWith(" content?") && k.length < 40) return true;
  // "(More Reuters stories.)", "(More coverage of the war in Ukraine stories)"
  if (k.startsWith("(more ") && (k.endsWith("stories.)") || k.endsWith("stories)") || k.endsWith("stories)."))) return true;
  // A picture credit glued to its alt text: "UK Foreign OfficeCopyright: UK Foreign Office".
  if (text.length < 160 && text.includes("Copyright: ")) return true;
  return false;
}

export interface FurnitureScan {
  /** The lines that remain: story text and the structure parsers read. */
  content: Line[];
  /** The writer named in an "About the writer" block, when there is one. */
  writerByline?: string;
}

/**
 * Drops furniture lines and blocks from the non-blank lines of a text. The
 * lines kept are new objects; a dropped line counts as a gap before the next.
 */
export function dropFurniture(lines: readonly Line[]): FurnitureScan {
  const content: Line[] = [];
  let writerByline: string | undefined;
  let dropped = false;
  // Inside the list under a list header: adjacent link lines, or bullets even across blank lines.
  let inList = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const k = line.text.length <= 60 ? key(line.text) : "";
    if (TAIL_HEADERS.has(k)) break;
    if (k === "about the writer") {
      const bio = lines[i + 1];
      writerByline ??= bio === undefined ? undefined : writerName(bio.text);
      // Newsweek's writer block closes the article; elsewhere drop only the block itself.
      if (i >= lines.length / 2) break;
      i++;
      dropped = true;
      continue;
    }
    if (inList && (!line.afterGap || bulletText(line.text) !== undefined)) continue;
    inList = false;
    if (LIST_HEADERS.has(k) || k.startsWith("read more: ")) {
      inList = true;
      dropped = true;
      continue;
    }
    if (isFurnitureLine(line.text)) {
      dropped = true;
      continue;
    }
    content.push({ no: line.no, text: line.text, indent: line.indent, afterGap: line.afterGap || dropped || content.length === 0 });
    dropped = false;
  }
  dropUpdateNote(content);
  return writerByline === undefined ? { content } : { content, writerByline };
}

/** "Isabel van Brugen is a Newsweek Reporter based in..." -> "Isabel van Brugen". */
function writerName(bio: string): string | undefined {
  const is = bio.indexOf(" is ");
  const name = (is > 0 ? bio.slice(0, is) : bio).trim();
  return isNameLine(name) ? name : undefined;
}

const UPDATE_NOTE = /^(?:update|updated|editor's note|editor’s note)\b[^:]{0,80}:/i;
const ORIGINAL_STORY = /original (?:story|article|post)\s*:\s*/i;

/**
 * Drops an update note at the top ("Update: ... Original Story:") up to and
 * including the "Original Story:" marker; the text after the marker, if on the
 * same line, is the story's first paragraph. A note never followed by the
 * marker is left alone: without it there is no telling where the note ends.
 */
function dropUpdateNote(content: Line[]): void {
  const head = Math.min(content.length, 5);
  for (let start = 0; start < head; start++) {
    if (!UPDATE_NOTE.test(content[start]!.text)) continue;
    for (let end = start; end < Math.min(content.length, start + 8); end++) {
      const marker = ORIGINAL_STORY.exec(content[end]!.text);
      if (!marker) continue;
      const line = content[end]!;
      const rest = line.text.slice(marker.index + marker[0].length).trim();
      const replacement = rest === "" ? [] : [{ ...line, text: rest, afterGap: true }];
      content.splice(start, end - start + 1, ...replacement);
      if (content[start]) content[start] = { ...content[start]!, afterGap: true };
      return;
    }
    return;
  }
}
