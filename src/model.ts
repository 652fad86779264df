/**
 * The shared types of the pipeline. Each stage is a plain function from the
 * previous stage's type to its own:
 *
 *   files, feeds -> ingest -> Story[] -> analyze -> Topic[] + KeyPoint[]
 *                -> compose -> Digest -> render -> RenderedEdition -> deliver
 *
 * These types are the contract between stages and with library users, so they
 * carry meaning rather than convenience: optional fields are optional because
 * real sources lack them, not to save a check.
 */

/** Where a piece of input came from, for error messages and debugging. */
export interface Origin {
  /** Path as given by the user (relative paths stay relative) or a feed URL. */
  file: string;
  /** 1-based line number, when the format has lines. */
  line?: number;
}

/** The publication a story came from. */
export interface Source {
  /** Human-readable name, e.g. "BBC News" or "Newsweek". */
  name: string;
  /** Home page of the publication, when known. */
  url?: string;
}

export interface StoryImage {
  url: string;
  alt: string;
  caption?: string;
}

export type StoryKind = "article" | "liveblog";

/** One entry of a live blog. Posts are kept in page order (newest first). */
export interface Post {
  /** 0-based position in page order: 0 is the newest post. */
  index: number;
  title: string;
  /** Editorial label such as "Breaking" or "Analysis", split off the title. */
  label?: string;
  /** Post time as printed by the page ("08:15"), in the blog's time zone. */
  time?: string;
  /** Author line, e.g. "Ben Tavener, Moscow producer". */
  byline?: string;
  paragraphs: string[];
  /** "•" bullet items, in order. */
  bullets: string[];
  /** Image and video captions, and bare image alt lines. */
  captions: string[];
  /** Quoted messages ("Quote Message: ..."). */
  quotes: string[];
  /** 1-based line of the post's first line in its file. */
  line?: number;
}

export interface Story {
  /** Stable across runs: derived from source and url, or source and headline. */
  id: string;
  kind: StoryKind;
  source: Source;
  headline: string;
  url?: string;
  byline?: string;
  /** ISO 8601 timestamps. */
  publishedAt?: string;
  updatedAt?: string;
  /** The lede: one or two sentences that say what the story is. */
  summary?: string;
  paragraphs: string[];
  /** Image captions that are not story text. */
  captions: string[];
  images?: StoryImage[];
  /** Live blogs only: posts in page order, newest first. */
  posts?: Post[];
  /** Live blogs only: IANA zone or label of post times ("Europe/London" for "UK"). */
  timeZone?: string;
  /** Editor override from front matter: pins the story to a named topic. */
  topic?: string;
  /**
   * The outlet's own section for the story, when the source says it: an RSS/Atom
   * <category>, a front-matter or JSON `section`. Names the section it lands in.
   */
  section?: string;
  /** When near-duplicates were merged, every source that carried the story. */
  alsoFrom?: Source[];
  origin: Origin;
}

/** A problem with one input. One bad story never sinks the edition. */
export interface InputError {
  file: string;
  line?: number;
  message: string;
}

/** What ingest returns: every story it could read and every problem it met. */
export interface IngestResult {
  stories: Story[];
  errors: InputError[];
}

export interface Topic {
  id: string;
  /** Human-readable, e.g. "Putin · North Korea". */
  label: string;
  keywords: string[];
  /** In digest order within the topic. */
  storyIds: string[];
  /** Higher is more important; used for ordering topics. */
  score: number;
}

/** A named group of topics, like a newspaper's section ("Sport", "Politics"). */
export interface Section {
  id: string;
  /** What a reader sees: "Sport", "Economy, business and finance". */
  label: string;
  /** Where the label came from: the stories' own sections, or the built-in IPTC vocabulary. */
  labelFrom: "stories" | "vocabulary";
  /** In digest order; every topic is in exactly one section. */
  topicIds: string[];
}

/** One "what we know so far" bullet, with the post it came from. */
export interface KeyPoint {
  text: string;
  /** Index of the source post (Post.index). */
  post: number;
}

/** What the live-blog condenser produces for one live blog. */
export interface LiveBlogSummary {
  keyPoints: KeyPoint[];
  /** One line that sums up the blog; usable as the email's preheader. */
  headline: string;
}

/** One subscriber. `fields` are extra CSV/JSON columns, usable in templates. */
export interface Recipient {
  email: string;
  name?: string;
  fields?: Record<string, string>;
}

/** What is filled into a compiled edition for one recipient. */
export interface Personalization {
  recipient: Recipient;
  /** Signed one-click unsubscribe url for this recipient. */
  unsubscribeUrl: string;
  /** Web copy of the edition. */
  viewInBrowserUrl: string;
}

/**
 * An edition compiled once (Handlebars, then MJML). Its html and text hold
 * placeholders for the per-recipient fields, filled cheaply by personalize()
 * without touching MJML again.
 */
export interface RenderedEdition {
  /** Edition date in the configured time zone plus the newsletter slug. */
  editionId: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /**
   * Story ids the edition carries (shown, or listed under "More in"), for "nothing
   * new" checks and edition windows. Stories held back for size are not among them.
   */
  storyIds: string[];
}

/** One recipient's copy of an edition. */
export interface PersonalMessage {
  subject: string;
  html: string;
  text: string;
}

/**
 * The edition's view model: everything the templates read, nothing more. Built by
 * compose, plain JSON (written as digest.json). Absent values are null rather than
 * missing, because templates run in strict mode: a name the Digest does not have
 * is an error, while `{{#if story.url}}` on a null url is simply false.
 */
export interface Digest {
  edition: DigestEdition;
  /** Subject line of the email. */
  subject: string;
  /** Hidden preview text shown after the subject in inboxes. */
  preheader: string;
  /**
   * The topics shown, in digest order (section by section), each with at least one
   * story. The same objects as in `sections`: kept flat for templates that have no
   * sections.
   */
  topics: DigestTopic[];
  /** In digest order: the topics shown, grouped, and under each what did not fit. */
  sections: DigestSection[];
  /**
   * Two or more sections: headings then tell them apart. With one, a template may
   * leave its heading out (it would only repeat the edition's title).
   */
  sectioned: boolean;
  /**
   * Stories that fit neither the email nor its "More in" lists (the email's size
   * limit). Not in the email; a web copy shows them, and a scheduled list's next
   * edition carries them. Empty in a `full` digest.
   */
  heldBack: DigestListedStory[];
  /**
   * True for the web copy's variant: every story shown in its topic, no limits, so
   * nothing is listed under "More in" or held back.
   */
  full: boolean;
  /** stories: shown; listed: under "More in"; heldBack: in neither (see `heldBack`). */
  counts: { sections: number; topics: number; stories: number; listed: number; heldBack: number };
  links: { site: string };
  footer: { reason: string };
}

export interface DigestEdition {
  /** Edition date plus the newsletter slug: "2024-06-20-news-digest". */
  id: string;
  title: string;
  slug: string;
  /** YYYY-MM-DD in `timeZone`. */
  date: string;
  /** The date as printed: "Thursday 20 June 2024". */
  dateLabel: string;
  /** IANA zone every date in the edition is shown in. */
  timeZone: string;
  /** BCP 47 tag for <html lang>. */
  language: string;
  /** ISO instant the edition was composed at: relative times ("2 hours ago") count from it. */
  now: string;
}

/** A named group of topics, with the stories of its topics that did not fit the email. */
export interface DigestSection {
  id: string;
  label: string;
  /** Safe for an HTML id attribute; distinct from every topic's anchor. */
  anchor: string;
  /** Shown topics, in digest order. May be empty when none of its topics fit. */
  topics: DigestTopic[];
  /** Stories of the section that did not fit (per-topic limit, maxTopics), in digest order. */
  more: DigestListedStory[];
}

/** A story named in a list rather than shown: "More in <section>", or held back. */
export interface DigestListedStory {
  id: string;
  headline: string;
  /** http(s) only, UTM-tagged when configured; null when the story has no usable url (listed as plain text). */
  url: string | null;
  /** The publication's name; "" when unknown. */
  source: string;
}

export interface DigestTopic {
  id: string;
  label: string;
  /** Safe for an HTML id attribute. */
  anchor: string;
  stories: DigestStory[];
  /** Stories of the topic left out of it (listed under its section's `more`, or held back). */
  moreCount: number;
}

export interface DigestStory {
  id: string;
  kind: StoryKind;
  isLiveBlog: boolean;
  headline: string;
  /** http(s) only, UTM-tagged when configured; null when the story has no usable url. */
  url: string | null;
  /** "Read more" or "Follow live". */
  linkLabel: string;
  /** The publication's name; "" when unknown (templates leave it out). */
  source: string;
  /** Other publications that carried the same story. */
  alsoFrom: string[];
  byline: string | null;
  /** ISO 8601 instants. */
  publishedAt: string | null;
  updatedAt: string | null;
  /** One or two sentences. */
  lede: string | null;
  image: { url: string; alt: string } | null;
  liveBlog: DigestLiveBlog | null;
}

export interface DigestLiveBlog {
  /** One line that sums up the blog. */
  summary: string;
  keyPoints: DigestKeyPoint[];
}

export interface DigestKeyPoint {
  text: string;
  /** The source post's time as printed ("08:15"), when it had one. */
  time: string | null;
  /** The post time as an ISO instant, when its date could be worked out. */
  at: string | null;
  /** Whether `at` is within a day of the edition's `now` (templates show "2 hours ago"). */
  recent: boolean;
}

/** The list-level settings every message of a newsletter carries (From, List-Id, unsubscribe mailbox). */
export interface ListIdentity {
  /** "Morning Digest <digest@example.com>" or a bare address. */
  from: string;
  replyTo?: string;
  /**
   * RFC 2919 list identifier: a domain-like name that stays the same across editions,
   * e.g. "morning.news.example.com". Mail clients and filters key on it.
   */
  listId: string;
  /** Human-readable list name, shown beside List-Id (e.g. "Morning Digest"). */
  listName?: string;
  /** Mailbox that processes unsubscribe requests by email (the mailto: variant). */
  unsubscribeMailto: string;
  /** Right-hand side of the Message-ID; defaults to the domain of `from`. */
  messageIdDomain?: string;
}

/** How hard a send run may push the transport. */
export interface SendLimits {
  /** Messages in flight at once; also the pool's connection count. */
  concurrency: number;
  /** Messages started per second, all senders together; unlimited when absent. */
  ratePerSecond?: number;
  /** Extra attempts after a transient failure (4xx, dropped connection). */
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failures in a row (no success between) that pause the run. */
  maxConsecutiveFailures: number;
}
