import { describe, expect, it } from "vitest";
import { condenseLiveBlog } from "../../../src/analyze/liveblog/index.js";
import type { Post } from "../../../src/model.js";
import { contractProblems, liveBlog, opensWithDanglingPronoun, post } from "./helpers.js";

/**
 * Key points a reader trusts: no pronoun without its name, no credit line,
 * housekeeping or caption, and the points in the order the story happened.
 * Each blog here is small and made up; the checks go through condenseLiveBlog.
 */

function pointsOf(posts: Post[]): string[] {
  const summary = condenseLiveBlog(liveBlog(posts), { minKeyPoints: 4, maxKeyPoints: 7 });
  expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
  return summary.keyPoints.map((point) => point.text);
}

describe("an opening pronoun", () => {
  it("becomes the one name the post used: 'She says' -> 'Lyse Doucet says'", () => {
    const points = pointsOf([
      post(0, "Crossing reopens for aid lorries", ["The Varan crossing reopened for aid lorries on Tuesday morning, border officials said."]),
      post(1, "Conditions at the border crossing", [
        "Our chief international correspondent Lyse Doucet has reached the Varan border crossing.",
        "She says the conditions there are very difficult, with thousands of families sleeping in the open.",
      ]),
    ]);
    expect(points).toContain("Lyse Doucet says the conditions there are very difficult, with thousands of families sleeping in the open.");
    expect(points.filter(opensWithDanglingPronoun)).toEqual([]);
  });

  it("is told apart by gender: 'Mr Hale' cannot be 'she'", () => {
    const points = pointsOf([
      post(0, "Whitlock wins Harrowfield North", [
        "Mr Hale conceded defeat shortly after the declaration at the leisure centre.",
        "In her victory speech, Dana Whitlock said the town had voted for change.",
        "She thanked the count staff for a very long night and promised a first surgery on Saturday.",
      ]),
    ]);
    expect(points).toContain("Dana Whitlock thanked the count staff for a very long night and promised a first surgery on Saturday.");
  });

  it("turns a possessive into the name's: 'His family' -> 'Mr Hale’s family'", () => {
    const points = pointsOf([
      post(0, "Driver named after crash on the coast road", [
        "Police have named the driver who died on the coast road as Mr Aled Hale, a retired ferry engineer.",
        "His family have thanked the passers-by who stopped to help at the scene.",
      ]),
    ]);
    expect(points.some((point) => point.startsWith("Mr Aled Hale’s family have thanked the passers-by"))).toBe(true);
  });

  it("'It said' names the one organisation the post named", () => {
    const points = pointsOf([
      post(0, "Quay closed after storm damage", [
        "The Kestrel Harbour Authority has closed the north quay after storm damage to the sea wall.",
        "It said engineers would inspect the wall at low tide on Friday morning.",
      ]),
    ]);
    expect(points).toContain("The Kestrel Harbour Authority said engineers would inspect the wall at low tide on Friday morning.");
  });

  it("stays unresolved when two people could be meant, and the sentence is never a point alone", () => {
    const points = pointsOf([
      post(0, "Leaders meet at the summit venue", [
        "President Anselm Varga greeted Prime Minister Ilse Moravec at the summit venue on Monday.",
        "He said the talks would focus on the shared river border and fishing rights.",
      ]),
    ]);
    expect(points.some((point) => /^he said the talks/i.test(point))).toBe(false);
    expect(points.filter(opensWithDanglingPronoun)).toEqual([]);
  });

  it("never resolves 'they', 'this' or the newsroom's 'we' on its own", () => {
    const points = pointsOf([
      post(0, "Firefighters reach the warehouse roof", [
        "Firefighters reached the roof of the burning warehouse on Kestrel Quay just after midnight.",
        "They began to cut ventilation holes as the smoke thickened over the harbour.",
        "This shows how quickly the blaze spread through the old timber building.",
        "We understand the owner has been told to expect a long investigation.",
      ]),
    ]);
    expect(points.filter(opensWithDanglingPronoun)).toEqual([]);
  });

  it("keeps a dummy 'it' that points at nothing", () => {
    const points = pointsOf([
      post(0, "A first visit in a generation", ["It's been 24 years since a Varan president last visited the northern islands, officials said."]),
    ]);
    expect(points[0]).toMatch(/^It's been 24 years/);
  });
});

describe("page noise", () => {
  const noisy = (): Post[] => [
    post(0, "Goodbye from the live team", [
      "That's all from us today. Our coverage today was written by Ana Ruiz, Tom Wells and Priya Shah.",
      "These updates were written by Ana Ruiz and Tom Wells, and the page was edited by Priya Shah.",
      "Thanks for following. This page is now closed.",
    ]),
    post(1, "Crown carried to the abbey", [
      "The dazzling crown which sat on the queen's coffin.",
      "Mourners queueing along the river embankment on Wednesday night.",
      "The crown was carried into the abbey at 11:00 by officers of the royal guard, palace officials said.",
    ]),
    post(2, "Pausing our coverage", ["We're pausing our coverage for a while, but we'll bring you more from the abbey later."]),
    post(3, "Procession reaches the abbey", ["The funeral procession reached the abbey at 10:40 after a two-mile walk through the old town."]),
  ];

  it("credit lines, sign-offs and housekeeping are never points", () => {
    const points = pointsOf(noisy()).map((point) => point.toLowerCase());
    for (const banned of ["written by", "edited by", "thanks for following", "now closed", "pausing our coverage", "bring you more"]) {
      expect(points.filter((point) => point.includes(banned))).toEqual([]);
    }
  });

  it("captions printed as sentences are never points, the news beside them is", () => {
    const points = pointsOf(noisy());
    expect(points.some((point) => point.includes("dazzling crown"))).toBe(false);
    expect(points.some((point) => point.includes("queueing along"))).toBe(false);
    expect(points.some((point) => point.includes("carried into the abbey at 11:00"))).toBe(true);
  });

  it("a caption led by a longer noun phrase is no point; a sentence with an irregular past verb is", () => {
    const points = pointsOf([
      post(0, "Verdict read in court", [
        "A courtroom sketch of the jury foreperson reading the verdict.",
        "Rescuers spent six hours digging through the rubble of the plant before the last worker was found.",
      ]),
    ]);
    expect(points.some((point) => point.includes("courtroom sketch"))).toBe(false);
    expect(points.some((point) => point.startsWith("Rescuers spent six hours digging"))).toBe(true);
  });

  it("an 'Update:' label is cut from the point", () => {
    const points = pointsOf([post(0, "Bridge reopens", ["Update: The Cleddau Bridge has reopened to all traffic, the council says."])]);
    expect(points).toContain("The Cleddau Bridge has reopened to all traffic, the council says.");
  });
});

describe("the order of the points", () => {
  it("tells facts as they happened, then reactions, then what comes next", () => {
    const points = pointsOf([
      post(0, "Leaders expected to sign pact", ["The two leaders are expected to sign a fishing pact at a ceremony on Thursday, officials say."]),
      post(1, "Neighbours condemn the visit", ["The Ostrian foreign ministry condemned the visit as a provocation in a statement on Tuesday night."]),
      post(2, "Moravec met on the tarmac", ["Prime Minister Ilse Moravec met President Varga on the tarmac at Tarsk airport and the pair shook hands."]),
      post(3, "Varga lands in Tarsk", ["President Anselm Varga has finally landed in Tarsk, beginning the first state visit in 24 years."]),
    ]);
    const at = (fragment: string): number => points.findIndex((point) => point.includes(fragment));
    expect(at("finally landed")).toBeGreaterThanOrEqual(0);
    expect(at("finally landed")).toBeLessThan(at("on the tarmac"));
    expect(at("on the tarmac")).toBeLessThan(at("condemned the visit"));
    expect(at("condemned the visit")).toBeLessThan(at("expected to sign"));
  });

  it("puts what is set to happen after the reactions, even without a hedge", () => {
    const points = pointsOf([
      post(0, "What we know so far", ["Here's what you need to know:"], {
        bullets: ["A federal jury found Harlan Chemical guilty on all four counts over the plant explosion", "Sentencing is set for September 12"],
      }),
      post(1, "Families react", ["Dana Whitcombe, whose brother died in the explosion, welcomed the verdict outside the courthouse on Tuesday."]),
    ]);
    const at = (fragment: string): number => points.findIndex((point) => point.includes(fragment));
    expect(at("guilty on all four counts")).toBeLessThan(at("welcomed the verdict"));
    expect(at("welcomed the verdict")).toBeLessThan(at("September 12"));
  });

  it("dates a recap's bullet by the post that first reported it, and keeps the recap as its source post", () => {
    const posts = [
      post(0, "What we know so far", ["Here's what you need to know:"], {
        bullets: [
          "All 14 crew of the cargo ship Merrow were rescued by lifeboat crews overnight",
          "The Merrow ran aground on the Skerry rocks at 02:10 in a force nine gale",
        ],
      }),
      post(1, "Lifeboats rescue all 14 crew", ["Lifeboat crews have rescued all 14 crew of the Merrow, the coastguard says."]),
      post(2, "Cargo ship aground on the Skerry rocks", ["The cargo ship Merrow ran aground on the Skerry rocks at 02:10 during a force nine gale."]),
    ];
    const summary = condenseLiveBlog(liveBlog(posts), { minKeyPoints: 1, maxKeyPoints: 2 });
    const texts = summary.keyPoints.map((point) => point.text);
    const aground = texts.findIndex((text) => text.includes("aground"));
    const rescued = texts.findIndex((text) => text.includes("rescued"));
    expect(aground).toBeGreaterThanOrEqual(0);
    expect(rescued).toBeGreaterThan(aground);
    expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
  });
});
