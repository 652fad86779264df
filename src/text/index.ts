/**
 * Text helpers shared by every stage: sentences, words, ledes, slugs, dates,
 * hygiene for untrusted text, colours, mailboxes and subscriber addresses. Pure functions only.
 */
export { addressKey, checkAddress, type AddressCheck } from "./address.js";
export { cleanText, stripReserved } from "./clean.js";
export { AA_TEXT, contrastRatio, isHexColor, parseHexColor, relativeLuminance } from "./contrast.js";
export { CLOCK, LONG_DATE, dateInZone, formatInZone, instantInZone, isIsoDate, isTimeZone, longDateLabel, parseInstant, relativeTime, wallClockIn } from "./dates.js";
export { leadSentences } from "./lede.js";
export { domainOf } from "./mailbox.js";
export { escapeMarkup } from "./markup.js";
export { plural } from "./plural.js";
export { splitSentences } from "./sentences.js";
export { slugify } from "./slug.js";
export { contentWords, STOP_WORDS, tokenize, truncateChars, truncateWords, wordCount } from "./words.js";
export { JsonPositions, readJsonText, type JsonPath, type JsonReading, type JsonSyntaxError } from "./json-positions.js";
export { LineIndex, type TextPosition } from "./line-index.js";
export { lazyLibrary } from "./lazy-library.js";
