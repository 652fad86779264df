import { STOP_WORDS } from "../../text/index.js";
import { danglingOpener, FEMALE_TITLE, MALE_TITLE, NON_PERSON_WORD, PERSON_ROLE, SPEECH_VERB } from "./cues.js";

/**
 * A key point is read without the sentence before it, so "She says the
 * conditions are very difficult" names nobody. When the post itself named
 * exactly one person (or, for "It said", one organisation) the pronoun could
 * mean, the pronoun becomes that name, as the post spelled it: "Lyse Doucet
 * says ...". Anything less certain is left unresolved, and the sentence is
 * then never shown on its own. No parser, no gazetteer: names are runs of
 * capitalised words with evidence of what they name (a role or title before,
 * a speech verb after, an organisation word at the end).
 */

type Gender = "female" | "male";

interface Mention {
  /** The name as the post printed it, without a role before it ("Tom Rees", "Mr Hale", "the Civic Party"). */
  name: string;
  /** Same thing, told apart from others: a person's last name, an organisation's whole name. */
  key: string;
  kind: "person" | "organisation";
  gender?: Gender;
}

/** What resolving a sentence's opening gives. */
export type Resolution =
  /** Opens with no pronoun, or with one that points at nothing (dummy "it"). */
  | { kind: "plain" }
  | { kind: "resolved"; text: string }
  /** Opens with a pronoun whose name the post does not make certain. */
  | { kind: "dangling" };

const SUBJECT = new Set(["he", "she", "it", "they"]);
const POSSESSIVE = new Set(["his", "her", "its", "their"]);

/**
 * `before` holds what the reader of the post saw before the sentence: its
 * title, then its earlier sentences in order.
 */
export function resolveOpening(sentence: string, before: readonly string[]): Resolution {
  const pronoun = danglingOpener(sentence);
  if (pronoun === undefined) return { kind: "plain" };
  if (!SUBJECT.has(pronoun) && !POSSESSIVE.has(pronoun)) return { kind: "dangling" };
  const lead = /^["“‘(]*/.exec(sentence)![0];
  const rest = sentence.slice(lead.length + pronoun.length);
  // "It said"/"They said": only an organisation speaks without being a person.
  const speaks = SPEECH_VERB.test(/^\s+(\S+)/.exec(rest)?.[1] ?? "");
  if ((pronoun === "it" || pronoun === "they") && !speaks) return { kind: "dangling" };
  if (pronoun === "its" || pronoun === "their") return { kind: "dangling" };

  const name = onlyCandidate(pronoun, before);
  if (name === undefined) return { kind: "dangling" };
  const shown = name.charAt(0).toUpperCase() + name.slice(1);
  const text = POSSESSIVE.has(pronoun) ? `${lead}${possessive(shown)}${rest}` : `${lead}${shown}${rest}`;
  return { kind: "resolved", text };
}

function possessive(name: string): string {
  return /s$/.test(name) ? `${name}’` : `${name}’s`;
}

/** The one name the pronoun can mean, or undefined when there are none or several. */
function onlyCandidate(pronoun: string, before: readonly string[]): string | undefined {
  const wanted = pronoun === "it" || pronoun === "they" ? "organisation" : "person";
  const gender: Gender | undefined = pronoun === "she" || pronoun === "her" ? "female" : pronoun === "he" || pronoun === "his" ? "male" : undefined;
  const byKey = new Map<string, Mention>();
  for (const text of before) {
    for (const mention of cachedMentions(text)) {
      if (mention.kind !== wanted) continue;
      const known = byKey.get(mention.key);
      if (known === undefined) byKey.set(mention.key, { ...mention });
      else known.gender ??= mention.gender;
    }
  }
  const fits = [...byKey.values()].filter((mention) => gender === undefined || mention.gender === undefined || mention.gender === gender);
  if (fits.length !== 1) return undefined;
  const only = fits[0]!;
  // The sentence just before may bring in someone unnamed ("A spokeswoman
  // for the council said ..."): then the pronoun may be theirs.
  const previous = before[before.length - 1];
  if (wanted === "person" && previous !== undefined && !previous.includes(only.key) && UNNAMED_PERSON.test(previous)) return undefined;
  return only.name;
}

/** Live blogs repeat their lines: each line's names are found once. Bounded, like the stem cache. */
const MENTIONS = new Map<string, readonly Mention[]>();

function cachedMentions(text: string): readonly Mention[] {
  let known = MENTIONS.get(text);
  if (known === undefined) {
    known = mentionsIn(text);
    if (MENTIONS.size < 20_000) MENTIONS.set(text, known);
  }
  return known;
}

/** Someone the post brings in without a name. */
const UNNAMED_PERSON =
  /\b(?:a|an|the|one|another)\s+(?:[a-z-]+\s+){0,2}(?:man|woman|boy|girl|person|spokes(?:man|woman|person)|minister|officer|witness|resident|driver|teacher|doctor|nurse|official|source|worker|survivor|mother|father|friend|neighbour|owner|candidate|leader|correspondent|reporter|pilot|passenger|victim|suspect)\b/;

/** A capitalised word, with an apostrophe-s or hyphen part allowed ("Dyfed-Powys", "Kim's"). */
const NAME_WORD = /^\p{Lu}[\p{L}.'’-]*$/u;
const NAME_PARTICLES = new Set(["van", "von", "de", "der", "den", "del", "da", "di", "du", "la", "le", "bin", "al", "el", "of", "for"]);
/** Capitalised role words that may open a run ("Foreign Minister Sergei Lavrov"): the name is what follows. */
const ROLE_IN_NAME =
  /^(?:President|Minister|Secretary|Chancellor|Prime|Foreign|Defence|Defense|Home|Deputy|Vice|First|Chief|Leader|Senator|Governor|Mayor|General|Captain|Inspector|Sergeant|Detective|Superintendent|Commissioner|Judge|Justice|Professor|Prof|Dr|Sir|Dame|Lord|Lady|Mr|Mrs|Ms|Miss|King|Queen|Prince|Princess|Correspondent|Editor|Spokesman|Spokeswoman|Spokesperson|Candidate|Councillor|Ambassador)$/;
const HONORIFIC = /^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady)$/;
const FEMALE_WORDS = /\b(?:she|her|hers|herself)\b/i;
const MALE_WORDS = /\b(?:he|his|him|himself)\b/i;
const FEMALE_ROLE = /\b(?:spokeswoman|chairwoman|congresswoman|businesswoman|mother|daughter|wife|sister|grandmother|widow|queen|princess|actress)\s+$/i;
const MALE_ROLE = /\b(?:spokesman|chairman|congressman|businessman|father|son|husband|brother|grandfather|widower|king|prince|actor)\s+$/i;

interface Run {
  words: string[];
  start: number;
  end: number;
}

/** Runs of capitalised words in a text, split at lower-case words, punctuation and possessives ("Russia's Vladimir Putin"). */
function capitalisedRuns(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  const close = (): void => {
    if (current === undefined) return;
    // A particle cannot end a name.
    while (current.words.length > 0 && NAME_PARTICLES.has(current.words[current.words.length - 1]!)) current.words.pop();
    if (current.words.length > 0) runs.push(current);
    current = undefined;
  };
  for (const match of text.matchAll(/\p{L}[\p{L}.'’-]*/gu)) {
    const word = match[0];
    const at = match.index;
    const joins =
      current !== undefined && /^\s+$/.test(text.slice(current.end, at)) && !/['’]s?$/.test(current.words[current.words.length - 1]!);
    if (NAME_WORD.test(word)) {
      if (!joins) close();
      if (current === undefined) current = { words: [], start: at, end: at };
      current.words.push(word);
      current.end = at + word.length;
    } else if (joins && NAME_PARTICLES.has(word)) {
      current!.words.push(word);
      current!.end = at + word.length;
    } else {
      close();
    }
  }
  close();
  return runs;
}

/** People and organisations a text names, with whatever it tells of their gender. */
export function mentionsIn(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const run of capitalisedRuns(text)) {
    const mention = mentionOf(run, text);
    if (mention) mentions.push(mention);
  }
  // A sentence naming one person and speaking of "her" (and never "him")
  // tells that person's gender: "In her victory speech, Dana Whitlock said ...".
  const people = mentions.filter((mention) => mention.kind === "person");
  if (people.length === 1 && people[0]!.gender === undefined) {
    const female = FEMALE_WORDS.test(text);
    const male = MALE_WORDS.test(text);
    if (female !== male) people[0]!.gender = female ? "female" : "male";
  }
  return mentions;
}

function mentionOf(run: Run, text: string): Mention | undefined {
  let words = run.words.map((word) => word.replace(/['’]s?$/, ""));
  // Sentence openers and other function words are capitalised only by position ("The", "In").
  let article = "";
  while (words.length > 0 && STOP_WORDS.has(words[0]!.toLowerCase()) && !ROLE_IN_NAME.test(words[0]!)) {
    article = words[0]!.toLowerCase() === "the" ? "the " : "";
    words = words.slice(1);
  }
  if (words.length === 0) return undefined;
  const last = words[words.length - 1]!;
  const after = text.slice(run.end);
  const beforeText = text.slice(0, run.start);
  if (NON_PERSON_WORD.test(last) || /^\p{Lu}{2,6}$/u.test(last)) {
    if (/\bthe\s+$/i.test(beforeText)) article = "the ";
    const name = `${article}${words.join(" ")}`;
    return { name, key: words.join(" "), kind: "organisation" };
  }
  let titled: string | undefined;
  let roleCut = 0;
  while (roleCut < words.length - 1 && ROLE_IN_NAME.test(words[roleCut]!)) roleCut++;
  if (roleCut > 0) titled = words[roleCut - 1];
  const own = words.slice(roleCut);
  const roleBefore = PERSON_ROLE.test(beforeText);
  const speaks = SPEECH_VERB.test(/^\s+(\S+)/.exec(after)?.[1] ?? "");
  const person = roleCut > 0 || roleBefore || (own.length >= 2 && speaks);
  if (!person || own.length === 0 || own.length > 4) return undefined;
  // "Mr Hale", "Dr Ana Ruiz": the name as printed keeps its honorific; a role ("Foreign Minister") goes.
  const name = titled !== undefined && HONORIFIC.test(titled) ? `${titled} ${own.join(" ")}` : own.join(" ");
  const mention: Mention = { name, key: own[own.length - 1]!, kind: "person" };
  if ((titled && FEMALE_TITLE.test(titled)) || FEMALE_ROLE.test(beforeText)) mention.gender = "female";
  else if ((titled && MALE_TITLE.test(titled)) || MALE_ROLE.test(beforeText)) mention.gender = "male";
  return mention;
}
