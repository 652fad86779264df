/**
 * Markdown inline syntax reduced to the words a reader sees: links keep their
 * text, emphasis and code lose their markers, inline images and HTML comments
 * go. Raw HTML is left as text: story text is data and is escaped on output.
 *
 * Every pattern stops at the next marker of its own kind (no "[" inside link
 * text, no "*" inside "**"), so hostile text cannot make them backtrack
 * quadratically; nested emphasis such as "**a *b* c**" keeps its markers.
 */

/** Punctuation a backslash can escape; escaped characters are parked in the private-use area so no rule below touches them. */
const ESCAPABLE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g;
const PARK_BASE = 0xe000;
const PARKED = /[\ue000-\ue07f]/g;

export function plainInline(markdown: string): string {
  const parked = markdown.replace(ESCAPABLE, (_, c: string) => String.fromCharCode(PARK_BASE + c.charCodeAt(0)));
  // Code spans first: their content is literal, so it is parked whole.
  const text = withoutComments(parkCodeSpans(parked))
    .replace(/!\[[^[\]]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, "")
    .replace(/\[([^[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, "$1")
    .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, "$1")
    .replace(/<((?:https?|mailto):[^\s<>]+)>/gi, "$1")
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "$1")
    .replace(/__(?=\S)([^_]*?\S)__/g, "$1")
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}*])/gu, "$1$2")
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, "$1$2")
    .replace(/~~(?=\S)([^~]*?\S)~~/g, "$1");
  return text.replace(PARKED, (c) => String.fromCharCode(c.charCodeAt(0) - PARK_BASE)).replace(/\s+/g, " ").trim();
}

/**
 * A code span runs from a run of backticks to the next run of the same
 * length. Found with one pass over the runs rather than a regex, which
 * backtracks quadratically on unclosed runs.
 */
function parkCodeSpans(text: string): string {
  const runs = [...text.matchAll(/`+/g)].map((m) => ({ start: m.index, length: m[0].length }));
  if (runs.length < 2) return text;
  // For each run, the index of the next run of the same length.
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    nextSame[i] = lastByLength.get(run.length) ?? -1;
    lastByLength.set(run.length, i);
  }
  let out = "";
  let copied = 0;
  for (let i = 0; i < runs.length; i++) {
    const close = nextSame[i]!;
    if (close === -1) continue;
    const open = runs[i]!;
    const end = runs[close]!;
    out += text.slice(copied, open.start) + park(text.slice(open.start + open.length, end.start).trim());
    copied = end.start + end.length;
    i = close;
  }
  return out + text.slice(copied);
}

/** HTML comments are editors' notes; an unclosed one is left as text. */
function withoutComments(text: string): string {
  let out = "";
  let from = 0;
  for (let open = text.indexOf("<!--"); open !== -1; open = text.indexOf("<!--", from)) {
    const close = text.indexOf("-->", open + 4);
    if (close === -1) break;
    out += text.slice(from, open);
    from = close + 3;
  }
  return out + text.slice(from);
}

function park(text: string): string {
  return text.replace(/[!-~]/g, (c) => (/[\p{P}\p{S}]/u.test(c) ? String.fromCharCode(PARK_BASE + c.charCodeAt(0)) : c));
}
