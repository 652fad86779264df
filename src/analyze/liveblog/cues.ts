/**
 * Cue phrases for live-blog condensing, in the spirit of Edmundson's cue
 * method: fixed lexicons that mark a sentence as page furniture, a promo, a
 * statement that is still waiting on events, history, or news. Every pattern
 * is about how live blogs are written in general, not about one story.
 * Kept as data here so the rules that use them stay short.
 */

/** Page furniture and housekeeping: lines that talk about the page, not the news. */
const HOUSEKEEPING = [
  /\bstay with us\b/i,
  /\b(?:keep|stay) (?:refreshing|tuned|with this page)\b/i,
  /\bscroll (?:down|up|back)\b/i,
  /\bget involved\b/i,
  /\bget in touch\b/i,
  /\bif you(?:'re|’re| are) (?:just )?joining us\b/i,
  /\b(?:thanks?|thank you) for (?:joining|following|reading|being with)\b/i,
  /\bwelcome (?:back )?to (?:our|the|this) (?:live )?(?:coverage|page|blog|live)\b/i,
  /\b(?:we(?:'re|’re| are)|we(?:'ll|’ll| will)) (?:now )?(?:pausing|ending|closing|wrapping up|bringing|bring you|keep you|be bringing|have more|update)\b/i,
  /\b(?:our|this) live (?:coverage|page|blog)\b/i,
  /\b(?:that(?:'s|’s| is) all|that's it) (?:from|for) (?:us|now|today)\b/i,
  /\bshare your (?:pictures|photos|videos|stories|views)\b/i,
  /\bsend us your\b/i,
  /\bread (?:more|the full story)\b/i,
  /\bclick here\b/i,
  /\bfind out more\b/i,
  /\btv licen[cs]e\b/i,
  /\ball times stated are\b/i,
  /\blive reporting\b/i,
  /^edited by\b/i,
  /\bhere(?:'s|’s| is) what you need to know\b/i,
  /\bhere(?:'s|’s| is) (?:a recap|a summary|the latest|what we know)\b/i,
  /^(?:good (?:morning|afternoon|evening)|hello|hi)\b/i,
];

/** Promotions for other products: podcasts, radio, newsletters, apps. */
const PROMO = [
  /\bpodcasts?\b/i,
  /\b(?:latest|this week(?:'s|’s)|new|full) episode\b/i,
  /\blisten (?:live|again|to|now|on)\b/i,
  /\bbbc sounds\b/i,
  /\biplayer\b/i,
  /\bnewsletter\b/i,
  /\bsign up\b/i,
  /\bsubscribe\b/i,
  /\bdownload (?:the|our)\b/i,
  /\bfollow us on\b/i,
  /\bwatch (?:live|it) on\b/i,
];

/** Post titles that open a promo, a welcome, a sign-off or a call for contributions. */
const PROMO_TITLE = /^(?:listen|podcast|subscribe|sign up|get involved|have your say|get in touch|send us|follow us|download)\b/i;
const FAREWELL_TITLE =
  /^(?:welcome|good (?:morning|afternoon|evening)|hello|that(?:'s|’s| is) all|thanks? (?:you )?for|goodbye|signing off|we(?:'re|’re| are) (?:pausing|ending|closing|wrapping)|(?:our|this) live (?:coverage|page)|stay with us|coming up)\b/i;

/** The blog's own summaries ("What we know so far", "Catch up on the day"). */
const RECAP_TITLE =
  /\b(?:what we know(?: so far)?|catch(?:ing)? up|recap|key (?:points|developments|facts)|what you need to know|the story so far|at a glance|in brief|round-?up|summary|the latest)\b/i;
const RECAP_INTRO = /\b(?:here(?:'s|’s| is) (?:what you need to know|a recap|a summary|what we know|the latest)|if you(?:'re|’re| are) (?:just )?joining us)\b/i;

/**
 * Waiting language: the statement describes a state that later posts are
 * expected to settle (still unclear, awaiting, en route, due to arrive).
 */
const PENDING = [
  /\b(?:still |remains? |not (?:yet |entirely |immediately |yet entirely )?|it(?:'s|’s| is) )?unclear\b/i,
  /\bnot (?:yet |entirely |immediately |fully )?(?:clear|known|confirmed)\b/i,
  /\b(?:unconfirmed|uncertain|unverified)\b/i,
  /\b(?:don(?:'t|’t)|do not|doesn(?:'t|’t)|does not|did not|didn(?:'t|’t)) (?:yet )?know\b/i,
  /\bno (?:word|news|confirmation|details) (?:yet|on|about)\b/i,
  /\bremains to be seen\b/i,
  /\b(?:await(?:s|ing|ed)?|waiting (?:for|on|to)|as we wait|wait(?:ing)? to (?:hear|see|find out))\b/i,
  /\bwatching (?:for|out for)\b/i,
  /\b(?:yet to|not yet|has yet|have yet)\b/i,
  /\bstill (?:in|at|on (?:board|the way|its way|his way|her way|their way)|en route|heading|travell?ing|waiting|watching|searching|deliberating|missing|counting|unaccounted)\b/i,
  /\ben route\b/i,
  /\bheading (?:for|to|towards|into)\b/i,
  /\bon (?:his|her|their|its|the) way (?:to|from|back)\b/i,
  /\bin transit\b/i,
  /\bdue to (?:arrive|land|touch|cross|begin|start|speak|meet|hold|reach|leave|depart|announce|be (?:announced|declared|held|published))\b/i,
  /\b(?:expected|set|scheduled|due) to (?:arrive|land|touch down|reach|make landfall|cross|leave|depart|begin|start)\b/i,
  /\b(?:is|are|was|were) (?:now )?(?:not )?expected (?:at|around|by|before|after|within|later|shortly|soon|in the next)\b/i,
  /\bshould (?:touch down|arrive|land|reach|be (?:announced|declared|known))\b/i,
  /\b(?:now )?(?:targeted|scheduled|timed|pencilled in|penciled in|planned) for \d/i,
  /\b(?:will be arriving|about to (?:arrive|land|begin|start))\b/i,
  /\b(?:imminent(?:ly)?|any (?:minute|moment) now)\b/i,
  /\b(?:in|within) the (?:next|coming) (?:few |couple of )?(?:\d+ )?(?:minutes|hours|hour)\b/i,
  /\bwhether or not\b/i,
  /\bif any\b/i,
  /\bdecision (?:on|about) whether\b/i,
  /\byet\)?\W*$/i, // "... just not with a North Korean official (yet)."
  // The clock at the time of writing ("It is now past 3am there"): true for a moment only.
  /\bit(?:'s|’s| is) (?:now |just |very )*(?:past|after|almost|nearly|approaching|around|late|midnight|dawn|\d)/i,
];

/**
 * States that later posts commonly reverse, each with the words that reverse
 * it: a countdown "paused" then "resumed", a road "closed" then "reopened".
 */
const REVERSIBLE_STATES: readonly (readonly [RegExp, RegExp])[] = [
  [/\b(?:paused|halted|on hold|suspended|stopped|postponed)\b/i, /\b(?:resumed|restarted|back on|under way again|lifted)\b/i],
  [/\b(?:closed|shut)\b/i, /\bre-?opened\b/i],
  [/\b(?:lost power|without power|power cuts?)\b/i, /\b(?:power (?:has been |was )?restored|restored (?:power|supplies)|reconnected)\b/i],
  [/\b(?:missing|unaccounted for)\b/i, /\b(?:found|located|accounted for)\b/i],
  [/\b(?:trapped|stranded)\b/i, /\b(?:rescued|freed|brought out)\b/i],
  [/\b(?:arrested|detained)\b/i, /\b(?:released|freed|bailed)\b/i],
  [/\babove the (?:\w+ )?(?:limit|threshold)\b/i, /\b(?:below|under|within) the (?:\w+ )?(?:limit|threshold)\b/i],
  [/\bwarning (?:is |remains |has been )?(?:in (?:place|force)|issued)\b/i, /\bwarning (?:has been |was |is )?(?:lifted|cancell?ed|withdrawn|downgraded|ended)\b/i],
];

const ANY_STATE = anyOf(REVERSIBLE_STATES.map(([state]) => state));
const ANY_REVERSAL = anyOf(REVERSIBLE_STATES.map(([, reversal]) => reversal));
const ANY_STATE_OR_REVERSAL = anyOf(REVERSIBLE_STATES.flat());

/** Whether a text mentions a reversible state or its reversal at all: one pass for the common "no". */
export function mentionsReversibleState(text: string): boolean {
  return ANY_STATE_OR_REVERSAL.test(text);
}

/** Indexes of the reversible states a text asserts. */
export function statesAsserted(text: string): number[] {
  if (!ANY_STATE.test(text)) return [];
  return REVERSIBLE_STATES.flatMap(([state], at) => (state.test(text) ? [at] : []));
}

/** Indexes of the reversible states a text reports reversed. */
export function statesReversed(text: string): number[] {
  if (!ANY_REVERSAL.test(text)) return [];
  return REVERSIBLE_STATES.flatMap(([, reversal], at) => (reversal.test(text) ? [at] : []));
}

/** Cuts a trailing or leading attribution ("..., police said.", "According to X, ...") to leave what is claimed. */
export function withoutAttribution(text: string): string {
  return text
    .replace(/^according to [^,]{1,80},\s*/i, "")
    .replace(/,\s*(?:according to [^,]{1,80}|[^,]{1,80}\b(?:said|says|say|told [^,]{1,60}|reported|reports|confirmed|announced))\W*$/i, ".")
    .trim();
}

/** Speculation and forecasts: may be settled later, but are not waiting lines. */
const SPECULATIVE =
  /\b(?:may|might|could|likely|unlikely|possibly|probably|expected|expects|expect|set to|plans? to|would|will|going to|hopes? to|aims? to)\b/i;

/** Words that carry the hedge itself; they do not say what the statement is about. */
export const HEDGE_WORDS: ReadonlySet<string> = new Set([
  "unclear", "clear", "known", "know", "confirmed", "confirm", "unconfirmed", "uncertain", "unverified",
  "await", "awaiting", "awaited", "waiting", "wait", "watching", "yet", "still", "expected", "expect",
  "expects", "due", "set", "scheduled", "likely", "unlikely", "possibly", "probably", "whether",
  "imminent", "imminently", "soon", "shortly", "next", "minutes", "hours", "hour", "route", "heading",
  "moment", "minute", "sure", "details", "word",
]);

/** Leading connectives that may be cut from an extracted sentence. */
const LEADING_CONNECTIVE =
  /^(?:meanwhile|however|but|and|also|so|still|now|separately|elsewhere|in addition|additionally|furthermore|moreover|indeed|earlier(?: today| this (?:morning|afternoon|evening|week))?|at the same time|on top of that|as we(?:'ve|’ve| have) (?:previously |already )?reported|as (?:previously )?reported)\b,?\s+/i;

/** Words a reader needs the previous sentence for. */
const ANAPHORIC_START =
  /^(?:he|she|they|his|her|their|its|this|these|those|that|such|then|both|the two|after that|before that|since then|by then|at that point|instead|otherwise)\b/i;

/** Talk about pictures and video rather than events. */
const MEDIA_META =
  /\b(?:we can see|here are (?:some )?(?:pictures|images|photos)|(?:this|the) (?:picture|image|photo|video|footage) (?:shows|from)|first (?:images|pictures) to emerge|pictures? (?:from|of) (?:that|the) (?:visit|scene))\b/i;

/**
 * The reporter speaking to the reader ("we understand", "let's look").
 * Case-sensitive on purpose: "US" is a country, "us" is the newsroom.
 */
const BLOG_VOICE = /\b(?:[Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|[Ww]e'll|[Ww]e’ll|us|[Oo]ur|[Ll]et's|[Ll]et’s|[Yy]ou|[Yy]our)\b/;

/** Who says so: keeping these is part of the contract. */
const ATTRIBUTION =
  /\b(?:according to|said|says|told|reports?|reported|confirmed|announced|analysts?|officials?|spokes(?:man|woman|person)|police|ministry)\b/i;

/** Verbs that report an event happening, rather than background (Edmundson's bonus words). */
const NEWS_CUE =
  /\b(?:confirm(?:s|ed)?|announc(?:es|ed)|landed|lands|arrived|arrives|died|dies|killed|injured|signed|agreed|won|wins|lost|closed|suspended|resigned|arrested|charged|launched|lifted off|declared|evacuated|rescued|collapsed|struck|made landfall|reached|restored|rises?|rose|fell|met|meets)\b/i;

/**
 * The parts a news summary is expected to cover besides the event itself:
 * how others reacted, why it is happening, who is involved, and what comes
 * next (the 5W of news writing, plus the reaction).
 */
const REACTION_CUE =
  /\b(?:alarm|concerns?|concerned|condemn\w*|critici[sz]\w*|warn(?:s|ed|ing)?|urg(?:es|ed)|call(?:s|ed)? (?:on|for)|welcomed|congratulat\w*|prais\w*|protest\w*|reaction|respond\w*|response|denounc\w*|rebuk\w*|backlash|outrage|proud day|disappoint\w*|delighted|dismay\w*)\b/i;
const EXPLANATION_CUE =
  /\b(?:(?:analysts?|experts?|observers?|forecasters?|pollsters?|economists?|[\w-]*watchers)\b|(?:main |key |real )?reasons? (?:for|why|behind)|motiv\w*|aims? to|seeks? to|in order to|is (?:all )?about|in exchange for|driven by|means that|significan(?:t|ce)|why)/i;

/** Who is involved: the people, officials or parties taking part. */
const WHO_CUE = /\b(?:delegation|entourage|(?:accompanied|joined) by [A-Z]|travell?ing with [A-Z])/;
/** "Foreign Minister Sergei Lavrov": a role followed by a name. */
const ROLE_AND_NAME =
  /\b(?:[Mm]inister|[Ss]ecretary|[Pp]resident|[Cc]hancellor|[Gg]overnor|[Ss]enator|[Gg]eneral|[Dd]irector|[Aa]mbassador|[Aa]dviser|[Ss]pokes(?:man|woman|person)|[Cc]hief|[Cc]andidate|[Ll]eader|[Mm]ayor|[Cc]ommander)\s+(?:[A-Z][\w'’-]+\s+)*[A-Z][\w'’-]+/g;

export type NewsElement = "event" | "reaction" | "explanation" | "who" | "outlook" | "background" | "other";

/** Which part of the story a sentence tells, by its cue words. */
export function newsElement(text: string, currentYear: number | undefined): NewsElement {
  if (isHistorical(text, currentYear)) return "background";
  if (REACTION_CUE.test(text)) return "reaction";
  if (EXPLANATION_CUE.test(text)) return "explanation";
  if (NEWS_CUE.test(text)) return "event";
  if (WHO_CUE.test(text) || (text.match(ROLE_AND_NAME) ?? []).length >= 2) return "who";
  if (SPECULATIVE.test(text)) return "outlook";
  return "other";
}

/** Signs that a sentence tells history rather than news. */
const HISTORICAL_CUE =
  /\b(?:back in|last visited|at the time|years ago|decades ago|in the (?:19|20)\d0s|was then|then leader|then-leader|there was a time|in those days|at that time)\b/i;

const YEAR = /\b(?:19|20)\d{2}\b/g;

/**
 * Each list joined into one alternation: one pass over the text instead of
 * one per pattern (a 500-post blog has thousands of sentences). All patterns
 * are case-insensitive, so the joined one is too.
 */
function anyOf(patterns: readonly RegExp[]): RegExp {
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join("|"), "i");
}
const HOUSEKEEPING_ANY = anyOf(HOUSEKEEPING);
const PROMO_ANY = anyOf(PROMO);
const PENDING_ANY = anyOf(PENDING);

export function isHousekeeping(text: string): boolean {
  return HOUSEKEEPING_ANY.test(text);
}

export function isPromo(text: string): boolean {
  return PROMO_ANY.test(text);
}

export function isPromoTitle(title: string): boolean {
  return PROMO_TITLE.test(title.trim());
}

export function isFarewellTitle(title: string): boolean {
  return FAREWELL_TITLE.test(title.trim());
}

export function isRecapTitle(title: string): boolean {
  return RECAP_TITLE.test(title);
}

export function isRecapIntro(text: string): boolean {
  return RECAP_INTRO.test(text);
}

export function isPending(text: string): boolean {
  return PENDING_ANY.test(text);
}

export function isSpeculative(text: string): boolean {
  return SPECULATIVE.test(text);
}

export function isMediaMeta(text: string): boolean {
  return MEDIA_META.test(text);
}

export function startsAnaphoric(text: string): boolean {
  return ANAPHORIC_START.test(text);
}

export function hasAttribution(text: string): boolean {
  return ATTRIBUTION.test(text);
}

export function hasNewsCue(text: string): boolean {
  return NEWS_CUE.test(text);
}

/** The reporter's own voice, ignoring words inside quotation marks. */
export function hasBlogVoice(text: string): boolean {
  return BLOG_VOICE.test(withoutQuotations(text));
}

/**
 * History rather than news: a history cue, or years that all lie before the
 * newest year the blog mentions (the blog's "now", found without a clock).
 */
export function isHistorical(text: string, currentYear: number | undefined): boolean {
  if (HISTORICAL_CUE.test(text)) return true;
  if (currentYear === undefined) return false;
  const years = yearsIn(text);
  return years.length > 0 && years.every((year) => year < currentYear);
}

export function yearsIn(text: string): number[] {
  return (text.match(YEAR) ?? []).map(Number);
}

/** Cuts a leading connective ("Meanwhile, ...") and restores the capital. */
export function trimLeadingConnective(sentence: string): string {
  const trimmed = sentence.replace(LEADING_CONNECTIVE, "");
  if (trimmed === sentence || trimmed.length === 0) return sentence;
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

function withoutQuotations(text: string): string {
  return text.replace(/“[^”]*”|"[^"]*"|‘[^’]*’(?![a-z])/g, " ");
}
