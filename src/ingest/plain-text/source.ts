/**
 * Which publication a scrape came from, read from the marks a publication
 * leaves on its own pages: its furniture (BBC's licence preamble, Newsweek's
 * fairness meter), its wire datelines ("(Reuters) -") and its copyright line.
 * A publication merely quoted in the story ("told the BBC") is not a mark.
 */
import type { Source } from "../../model.js";
import type { Line } from "./lines.js";

interface Publication {
  source: Source;
  /** Lower-cased fragments that only this publication's own pages carry. */
  marks: readonly string[];
}

const PUBLICATIONS: readonly Publication[] = [
  {
    source: { name: "Newsweek", url: "https://www.newsweek.com" },
    marks: ["fairness meter", "newsweek is committed to journalism", "newsweek.com", "newsweek has contacted", "newsweek has reached out", "is a newsweek", "newsweek cover", "how newsweek uses ai"],
  },
  {
    source: { name: "BBC News", url: "https://www.bbc.co.uk/news" },
    marks: ["got a tv licence", "bbc programmes on iplayer", "all times stated are uk", "bbc.co.uk/news", "bbc.com/news"],
  },
  { source: { name: "Reuters", url: "https://www.reuters.com" }, marks: ["(reuters) -", "(reuters) —", "(reuters) –", "thomson reuters trust principles", "(more reuters"] },
  { source: { name: "Associated Press", url: "https://apnews.com" }, marks: ["(ap) —", "(ap) -", "(ap) –", "the associated press. all rights reserved"] },
  { source: { name: "CNN", url: "https://www.cnn.com" }, marks: ["(cnn) —", "(cnn) -", "(cnn)—", "cnn.com/"] },
  { source: { name: "AFP", url: "https://www.afp.com" }, marks: ["(afp) -", "(afp) —", "(afp) –"] },
  { source: { name: "The Guardian", url: "https://www.theguardian.com" }, marks: ["theguardian.com", "guardian news & media"] },
  { source: { name: "Al Jazeera", url: "https://www.aljazeera.com" }, marks: ["source: al jazeera"] },
];

/** No mark showed: no name, rather than a made-up "Unknown" that templates would print. */
const UNKNOWN: Source = { name: "" };

/** A cheap first look: the words every mark above contains one of, and copyright signs. */
const MAY_HOLD_A_MARK = /newsweek|fairness|licen[cs]e|iplayer|all times|bbc\.co|reuters|\((?:ap|cnn|afp)\)|cnn\.com|guardian|associated press|al jazeera|©|copyright/i;

/** "© 2024 Example Times" / "Copyright 2024 Example Times. All rights reserved." */
const COPYRIGHT_LINE = /^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:-\s*\d{4})?\s*)?([\p{Lu}][^.|]{1,60}?)(?:\.|\s*\||\s+all rights reserved|$)/iu;

/** Names the publication whose marks the text carries most; an empty name when none shows. */
export function detectSource(lines: readonly Line[]): Source {
  const counts = new Array<number>(PUBLICATIONS.length).fill(0);
  let copyrightHolder: string | undefined;
  let seen = 0;
  for (const line of lines) {
    seen++;
    // Marks sit in short furniture lines, or in the dateline that opens a wire story's
    // first paragraph; the long paragraphs of the body are not searched.
    let k: string;
    if (line.text.length <= 160) k = line.text;
    else if (seen <= 3) k = line.text.slice(0, 100);
    else continue;
    if (!MAY_HOLD_A_MARK.test(k)) continue;
    k = k.toLowerCase();
    for (let p = 0; p < PUBLICATIONS.length; p++) {
      for (const mark of PUBLICATIONS[p]!.marks) if (k.includes(mark)) counts[p]!++;
    }
    if (copyrightHolder === undefined && line.text.length < 120 && (k.startsWith("©") || k.startsWith("copyright ©") || /^copyright \d{4}/.test(k))) {
      copyrightHolder = COPYRIGHT_LINE.exec(line.text)?.[1]?.trim();
    }
  }
  let best = -1;
  for (let p = 0; p < PUBLICATIONS.length; p++) if (counts[p]! > 0 && (best < 0 || counts[p]! > counts[best]!)) best = p;
  if (best >= 0) return { ...PUBLICATIONS[best]!.source };
  return copyrightHolder ? { name: copyrightHolder } : { ...UNKNOWN };
}
