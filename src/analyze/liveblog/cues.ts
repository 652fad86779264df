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
  // Credit lines: who wrote or edited the page, as sign-off posts print them.
  /^(?:written|edited|compiled|produced|reported|curated|updates) by\b/i,
  /\b(?:these|today(?:'s|’s)|our|the) (?:live )?(?:updates|posts|coverage|page|live page|blog)(?: today)? (?:was|were|has been|have been) (?:written|edited|brought to you|put together|compiled|produced|the work of)\b/i,
  /\bwas the work of\b/i,
  /\b(?:the|our) (?:writers|editors|reporters) (?:were|today were|on this page)\b/i,
  /\bthanks? (?:you )?(?:very much )?for (?:following|your company)\b/i,
  /\b(?:this|the|our) (?:live )?(?:page|blog|coverage) (?:is|has) (?:now )?(?:closed|ended|paused)\b/i,
  /\b(?:follow|read|watch) (?:our|the) (?:live|latest|full|continuing) (?:coverage|updates|report)\b/i,
  /\b(?:we(?:'re|’re| are)|we(?:'ll|’ll| will)) (?:be )?(?:pausing|resuming|back)\b/i,
  /\ban earlier version of this (?:post|page|story|update)\b/i,
  /^(?:related|more on this|see also|latest|pictured|watch|listen)\s*:/i,
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

/** Labels a page puts before a sentence ("Update: ...", "BREAKING: ..."): not part of what is said. */
const LEADING_LABEL = /^(?:update|updated|breaking(?: news)?|latest|new|just in)\s*[:\-–—]\s+/i;

/** Cuts a leading label ("Update: ...") and restores the capital. */
export function trimLeadingLabel(sentence: string): string {
  const trimmed = sentence.replace(LEADING_LABEL, "");
  if (trimmed === sentence || trimmed.length === 0) return sentence;
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

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
  /\b(?:alarm|concerns?|concerned|condemn\w*|critici[sz]\w*|warn(?:s|ed)?|warning (?:that|of|against|people|residents|drivers|the public)|urg(?:es|ed)|call(?:s|ed)? (?:on|for)|welcomed|congratulat\w*|prais\w*|thank(?:s|ed)|paid tribute|protest\w*|reaction|respond\w*|response|denounc\w*|rebuk\w*|backlash|outrage|proud day|disappoint\w*|delighted|dismay\w*)\b/i;
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

/** Lines about what is still to come, with or without a hedge: "Sentencing is set for September 12". */
const FORWARD_LOOKING =
  /\b(?:(?:is|are|has been|have been) (?:set|scheduled|due|planned|expected|pencilled in) (?:for|to)|will|next (?:week|month|year)|tomorrow|later (?:today|this week|this month))\b/i;

export function isForwardLooking(text: string): boolean {
  return FORWARD_LOOKING.test(text);
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

/**
 * Captions printed as sentences: a noun phrase with only a relative clause
 * ("The dazzling crown which sat on the coffin.") or a participle
 * ("Mourners queueing along the river on Wednesday."): no verb of its own.
 * Only lines of that shape are judged, so a headline-style line without a
 * verb ("Thousands of homes without power") is left alone.
 */
const CAPTION_HINT = /ing\s|\s(?:which|who|that|whose)\s/;
const RELATIVE_CAPTION = /^(?:the|a|an|this|these|those|some|one of the)\s+((?:[\p{L}'’-]+\s+){0,4}?)(?:which|who|that|whose)\s/iu;
const PARTICIPLE_CAPTION = /^((?:[\p{Lu}][\p{L}'’-]*\s+|(?:the|a|an|of|and)\s+){1,4}|(?:The|A|An)\s+(?:[\p{L}'’-]+\s+){1,6}?)(\p{Ll}{3,}ing)\s/u;
/** -ing words that are nouns, not participles. */
const ING_NOUNS = /^(?:morning|evening|during|building|meeting|nothing|something|anything|everything|thing|spring|string|funding|wedding|ceiling|hearing|briefing|painting|ruling|landing|housing|clothing|sibling|shooting|bombing|warning|flooding|offering|rating|setting|opening|ending|beginning|training|parking|shipping|spending|according|including|following|regarding|concerning)$/i;
const FINITE_VERB =
  /(?:^|\s)(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|do|does|did|says?|said|told|tells|met|meets|took|takes|made|makes|went|goes|came|comes|left|gave|gives|won|wins|lost|saw|sees|began|found|held|holds|led|leads|stood|stands|shows|showed|seems?|seemed|to|spent|sent|kept|put|set|cut|hit|let|ran|fought|brought|bought|caught|thought|felt|fell|rose|flew|drove|wrote|broke|spoke|chose|threw|grew|knew|drew|wore|sat|lay|laid|paid|heard|meant|built|sold|swam|struck|shot|fled|fed|got|gets|[a-z]+n't|[a-z]+['’](?:re|ve|ll|d))(?=\s|$)/i;
/** An -ed word that is a verb, not an adjective after "the" or the opening word. */
const PAST_VERB = /(?<!^|\b(?:the|a|an|his|her|their|its|our|this|these|those|newly|recently|heavily|badly|well|fully)\s)\b[a-z]{3,}ed\b/i;

export function isBareCaption(text: string): boolean {
  if (text.length > 200) return false; // captions are short
  // Most lines have neither a relative pronoun nor an -ing word: one cheap look rules them out.
  if (!CAPTION_HINT.test(text)) return false;
  const body = text.replace(/[.!]["'”’)]*$/, "").trim();
  if (body === "") return false;
  const relative = RELATIVE_CAPTION.exec(body);
  if (relative) return !hasVerb(relative[1]!);
  const participle = PARTICIPLE_CAPTION.exec(body);
  if (!participle || ING_NOUNS.test(participle[2]!)) return false;
  // A participle caption has no verb anywhere: "..., officials said" is a report.
  return !hasVerb(body.replace(participle[2]!, " "));
}

function hasVerb(text: string): boolean {
  const padded = ` ${text.trim()} `;
  return FINITE_VERB.test(padded) || PAST_VERB.test(text.trim());
}

/**
 * Pronouns a key point may not open with unless they are resolved: a reader
 * sees the point without the sentence before it. "We"/"our" is the newsroom
 * speaking, which the digest cannot: it is never resolved.
 */
export const OPENING_PRONOUN = /^(?:he|she|his|her|him|it|its|they|their|them|this|these|those|that|we|our|us)\b(?!-)/i;
/** Dummy "it" that points at nothing: "It's been 24 years since ...", "It is not clear whether ...". */
const EXPLETIVE_IT =
  /^it(?:'s|’s| is| was| has been| had been| will be| remains| seems| appears)\s+(?:been\s+|now\s+|also\s+|still\s+|not\s+)*(?:\d|\w+\s+(?:years?|months?|weeks?|days?|hours?)\b|(?:unclear|clear|likely|unlikely|possible|impossible|expected|thought|understood|believed|reported|feared|hoped|estimated|known|hard|difficult|important|too early|the first time|the (?:\w+ )?(?:since|first))\b)/i;
/** "This week, ...", "These days ...": a demonstrative that points at a time, not at the sentence before. */
const DEMONSTRATIVE_TIME = /^(?:this|that|these|those)\s+(?:morning|afternoon|evening|night|week|weekend|month|year|time|days|season|summer|winter|spring|autumn|year's|week's|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
/** A demonstrative before a noun ("This visit is ...") names its thing; only a bare one ("This shows ...") leans on the sentence before. */
const DEMONSTRATIVE_NOUN =
  /^(?:this|that|these|those)\s+(?!(?:is|was|are|were|has|have|had|will|would|could|may|might|must|means?|meant|shows?|showed|comes?|came|follows?|followed|includes?|included|leads?|led|suggests?|suggested|after|as|in|on|at|and|but|comes)\b)[a-z]/i;

/** The opening pronoun a reader needs the previous sentence for, lower-cased; undefined when the text opens otherwise. */
export function danglingOpener(text: string): string | undefined {
  const trimmed = text.replace(/^["“‘(]+/, "");
  const match = OPENING_PRONOUN.exec(trimmed);
  if (!match) return undefined;
  const word = match[0].toLowerCase();
  if (word === "it" && EXPLETIVE_IT.test(trimmed)) return undefined;
  if ((word === "this" || word === "that" || word === "these" || word === "those") && (DEMONSTRATIVE_TIME.test(trimmed) || DEMONSTRATIVE_NOUN.test(trimmed))) {
    return undefined;
  }
  if (word === "that" && !/^that(?:'s|’s|\s+(?:is|was|has|had|will|would|means|meant|came|comes|follows|followed|leaves|left|led)\b)/i.test(trimmed)) return undefined;
  return word;
}

/** Words before a name that say it is a person's ("leader Tom Rees", "Mr Hale", "correspondent Lyse Doucet"). */
export const PERSON_ROLE =
  /(?:^|\s)(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|King|Queen|Prince|Princess|President|Chancellor|Senator|Governor|Mayor|General|Captain|Inspector|Sergeant|Judge|Justice|Rev|Father|Sister|Bishop|Archbishop|leader|minister|secretary|president|chancellor|candidate|spokes(?:man|woman|person)|correspondent|editor|reporter|producer|presenter|chief|director|officer|commissioner|adviser|advisor|analyst|professor|manager|chair(?:man|woman|person)?|founder|captain|coach|superintendent|inspector|constable|mayor|governor|senator|MP|MEP|councillor|ambassador|envoy|economist|lawyer|barrister|judge|survivor|witness|resident|colleague|mother|father|son|daughter|wife|husband|brother|sister|named as|identified as)\s+$/;
/** Titles that tell a person's gender. */
export const FEMALE_TITLE = /^(?:Mrs|Ms|Miss|Dame|Lady|Queen|Princess|Sister)$/;
export const MALE_TITLE = /^(?:Mr|Sir|Lord|King|Prince|Father)$/;
/** Last words of names that belong to organisations and places, not people. */
export const NON_PERSON_WORD =
  /^(?:Party|Council|Police|Service|Services|Agency|Office|Ministry|Department|Government|Court|Commission|Committee|Company|Group|Bank|Union|Authority|Trust|Corporation|Association|Federation|Institute|University|College|School|Hospital|Airport|Station|Bridge|Centre|Center|Street|Road|Square|Park|Hall|House|Palace|Abbey|Cathedral|Church|Castle|Stadium|Arena|Island|Islands|River|Sea|Ocean|Coast|Bay|Valley|Mountains?|Republic|Kingdom|States|Nations|Times|News|Post|Club|Force|Army|Navy|Guard|Grid|Distribution|Energy|Water|Rail|Airlines?|Airways|Spaceport|Centre|Command|Brigade|Fund|Foundation|Charity|Network|Alliance|Coalition|Campaign|Front|Movement)$/;
/** Verbs a person or organisation does at once after its name ("Hale said", "the council says"). */
export const SPEECH_VERB = /^(?:said|says|told|tells|added|adds|wrote|writes|confirmed|confirms|announced|announces|thanked|thanks|warned|warns|urged|urges|described|describes|called|calls|insisted|insists|explained|explains|replied|replies|tweeted|posted)$/;
