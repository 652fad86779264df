import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { condenseLiveBlog, extractiveSummarizer } from "../../../src/analyze/liveblog/index.js";
import type { Summarizer } from "../../../src/analyze/summarizer.js";
import type { Post } from "../../../src/model.js";
import { contractProblems, isExtractedFrom, liveBlog, post } from "./helpers.js";

/**
 * A live blog about a (made-up) harbour fire, newest post first. It has what
 * the condenser must handle: a waiting line settled later, speculation later
 * confirmed, a state later reversed, promos, a welcome, a repeated fact, an
 * old recap and attributed claims.
 */
function harbourFire(): Post[] {
  return [
    post(0, "Fire at Kestrel Quay is out, fire service says", [
      "The fire at Kestrel Quay has been put out after burning for nine hours, the fire service says.",
      "Crews will stay at the scene overnight to damp down hot spots.",
    ], { label: "Breaking" }),
    post(1, "LISTEN: The harbour fire on our daily podcast", [
      "On today's episode of The Coast podcast, our reporter describes the night the quay burned.",
      "Listen on BBC Sounds.",
    ]),
    post(2, "Coastguard: all crew accounted for", [
      "All 14 crew members of the cargo ship Merrow are safe and accounted for, according to the coastguard.",
      "Two of them were treated in hospital for smoke inhalation and have since been discharged.",
    ]),
    post(3, "Harbour road reopened", [
      "The harbour road has reopened to traffic, the council says, although the quay itself remains cordoned off.",
    ]),
    post(4, "Warehouse owner 'devastated'", [
      "The owner of the burnt-out warehouse, Ellen Marsh, said she was devastated and thanked firefighters for their bravery.",
      "Meanwhile, the harbour master said shipping would return to normal within two days.",
    ]),
    post(5, "Stay with us", ["Stay with us as we bring you the latest from Kestrel Quay."]),
    post(6, "Cause of fire under investigation", [
      "Investigators say the fire started in a warehouse storing paint and solvents, which is why it spread so quickly.",
      "The fire is the largest in the harbour for more than 30 years.",
    ]),
    post(7, "Harbour road closed", [
      "The harbour road has been closed to traffic while firefighters tackle the blaze, the council says.",
    ]),
    post(8, "Crew of cargo ship may have been on board", [
      "It is still unclear whether the crew of the cargo ship Merrow were on board when the fire spread to the quay.",
      "The crew may have been evacuated before the fire reached the ship, local reports say.",
    ]),
    post(9, "Get involved", ["Are you in Kestrel? If it is safe to do so, share your pictures with us."]),
    post(10, "What we know so far", [
      "If you are just joining us, here's what you need to know:",
    ], {
      bullets: [
        "A large fire broke out at Kestrel Quay shortly after 21:00",
        "It is not yet known whether anyone has been hurt",
        "The fire is the largest in the harbour for more than 30 years, according to the harbour master",
      ],
    }),
    post(11, "Welcome to our live coverage", [
      "Good evening and welcome to our live coverage of the fire at Kestrel Quay.",
      "We are waiting for an update from the fire service, which is expected shortly.",
    ]),
  ];
}

describe("condenseLiveBlog on a live blog built from Post objects", () => {
  const posts = harbourFire();
  const summary = condenseLiveBlog(liveBlog(posts));
  const texts = summary.keyPoints.map((point) => point.text.toLowerCase());

  it("gives 4 to 7 extracted key points of at most 40 words, none repeating another", () => {
    expect(summary.keyPoints.length).toBeGreaterThanOrEqual(4);
    expect(summary.keyPoints.length).toBeLessThanOrEqual(7);
    expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
  });

  it("leads with the newest settled outcome", () => {
    expect(texts.some((text) => text.includes("has been put out"))).toBe(true);
    expect(texts.some((text) => text.includes("accounted for"))).toBe(true);
  });

  it("drops waiting lines that newer posts settled", () => {
    for (const text of texts) {
      expect(text).not.toContain("still unclear");
      expect(text).not.toContain("not yet known");
      expect(text).not.toContain("waiting for");
    }
  });

  it("drops speculation that a newer post confirmed or overtook", () => {
    expect(texts.some((text) => text.includes("may have been evacuated"))).toBe(false);
  });

  it("drops a state that a newer post reversed", () => {
    expect(texts.some((text) => text.includes("has been closed to traffic"))).toBe(false);
  });

  it("leaves out promos, housekeeping, welcomes and calls for pictures", () => {
    for (const text of texts) {
      for (const banned of ["podcast", "listen", "stay with us", "share your pictures", "welcome", "joining us"]) {
        expect(text).not.toContain(banned);
      }
    }
    const promoPosts = [1, 5, 9, 11];
    expect(summary.keyPoints.filter((point) => promoPosts.includes(point.post))).toEqual([]);
  });

  it("carries a fact the blog repeats only once", () => {
    expect(texts.filter((text) => text.includes("30 years")).length).toBeLessThanOrEqual(1);
  });

  it("keeps the attribution of a claim", () => {
    const crew = summary.keyPoints.find((point) => point.text.includes("accounted for"));
    expect(crew?.text).toContain("according to the coastguard");
  });

  it("cuts a leading connective and nothing else", () => {
    const posts = [
      post(0, "Ferries resume", ["Meanwhile, ferries to the island have resumed after a two-day suspension, the operator says."]),
      post(1, "Schools reopen", ["However, three schools on the island will stay closed until Monday, the council says."]),
    ];
    const points = condenseLiveBlog(liveBlog(posts)).keyPoints.map((point) => point.text);
    expect(points).toContain("Ferries to the island have resumed after a two-day suspension, the operator says.");
    expect(points).toContain("Three schools on the island will stay closed until Monday, the council says.");
  });

  it("sums the blog up in one line taken from a post title", () => {
    expect(summary.headline).toBe("Fire at Kestrel Quay is out, fire service says");
  });

  it("is deterministic and does not depend on the order of the posts array", () => {
    expect(condenseLiveBlog(liveBlog(posts))).toEqual(summary);
    expect(condenseLiveBlog(liveBlog([...posts].reverse()))).toEqual(summary);
  });
});

describe("counts that newer posts update", () => {
  it("gives only the newest figure", () => {
    const posts = [
      post(0, "Death toll rises to 38", ["At least 38 people have died in the earthquake, the regional governor says."]),
      post(1, "Aid teams arrive", ["Search teams from three countries have landed at the regional airport, the foreign ministry says."]),
      post(2, "President declares emergency", ["The president has declared a state of emergency in three provinces and sent the army to help."]),
      post(3, "Death toll rises to 21", ["At least 21 people have died in the earthquake, the civil protection agency says."]),
      post(4, "Quake strikes near Tarvo", ["A magnitude 6.4 earthquake struck near the city of Tarvo this morning, the seismology institute says."]),
    ];
    const summary = condenseLiveBlog(liveBlog(posts));
    const texts = summary.keyPoints.map((point) => point.text);
    expect(texts.some((text) => text.includes("38"))).toBe(true);
    expect(texts.some((text) => text.includes("21"))).toBe(false);
  });
});

describe("recaps", () => {
  const newsPosts = [
    post(2, "Ferry service suspended", ["All ferry crossings to the island have been suspended for the rest of the day, the operator says."]),
    post(3, "School closures announced", ["Twelve schools on the island will stay closed tomorrow, the education authority says."]),
    post(4, "Bridge inspection under way", ["Engineers are inspecting the causeway bridge after cracks were found in two of its supports."]),
  ];

  it("takes a recent recap's bullets as strong candidates", () => {
    const posts = [
      post(0, "Harbour wall repairs begin", ["Contractors have started repairing the damaged section of the harbour wall, the council says."]),
      post(1, "What we know so far", ["Here's what you need to know:"], {
        bullets: [
          "Storm surge flooded 40 homes in the harbour area overnight",
          "Ferry crossings to the island are suspended until tomorrow",
          "Twelve island schools will remain closed tomorrow",
          "The causeway bridge is being inspected for cracks",
        ],
      }),
      ...newsPosts,
    ];
    const summary = condenseLiveBlog(liveBlog(posts));
    expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
    const fromRecap = summary.keyPoints.filter((point) => point.post === 1).length;
    expect(fromRecap).toBeGreaterThanOrEqual(2);
  });

  it("treats an old recap as overtaken where newer posts report the outcome", () => {
    const posts = [
      post(0, "Causeway bridge reopened", ["The causeway bridge has reopened after engineers found the cracks were only in the road surface."]),
      ...newsPosts.map((p, at) => ({ ...p, index: at + 1 })),
      post(4, "Flood defences hold", ["Flood defences along the seafront held overnight, the Environment Agency says."]),
      post(5, "Rescue boat launched", ["A lifeboat was launched to help a yacht in difficulty off the point, the coastguard says."]),
      post(6, "What we know so far", ["Here's what you need to know:"], {
        bullets: [
          "It is still unclear whether the causeway bridge will reopen today",
          "A yacht is in difficulty off the point",
        ],
      }),
    ];
    const summary = condenseLiveBlog(liveBlog(posts));
    expect(summary.keyPoints.some((point) => /still unclear/i.test(point.text))).toBe(false);
    expect(summary.keyPoints.some((point) => /has reopened/i.test(point.text))).toBe(true);
  });
});

describe("edge cases", () => {
  it("a live blog without posts gives no key points and falls back to its own summary", () => {
    const summary = condenseLiveBlog(liveBlog([], { summary: "A quiet day at the harbour." }));
    expect(summary).toEqual({ keyPoints: [], headline: "A quiet day at the harbour." });
  });

  it("a tiny live blog gives what it has without padding", () => {
    const posts = [post(0, "Power restored", ["Power has been restored to all 300 homes in the village, the network operator says."])];
    const summary = condenseLiveBlog(liveBlog(posts));
    expect(summary.keyPoints).toEqual([{ text: "Power has been restored to all 300 homes in the village, the network operator says.", post: 0 }]);
  });

  it("a blog of nothing but housekeeping gives no key points", () => {
    const posts = [
      post(0, "Stay with us", ["Stay with us for the latest."]),
      post(1, "Welcome", ["Good morning and welcome to our live coverage."]),
    ];
    expect(condenseLiveBlog(liveBlog(posts)).keyPoints).toEqual([]);
  });

  it("leaves story text as data: template and markup characters come out unchanged", () => {
    const posts = [
      post(0, "Council statement", ["The council said {{name}} and <script>alert(1)</script> appeared in a leaked draft of the report."]),
      post(1, "Report leaked", ["A draft of the council's flood report has been leaked to local media, the council confirmed."]),
    ];
    const summary = condenseLiveBlog(liveBlog(posts));
    const leaked = summary.keyPoints.find((point) => point.text.includes("{{name}}"));
    expect(leaked?.text).toBe("The council said {{name}} and <script>alert(1)</script> appeared in a leaked draft of the report.");
  });

  it("never returns a sentence over 40 words, even when the blog has nothing shorter", () => {
    const long = `The council said ${"the flood defences along the whole of the seafront ".repeat(5)}held.`;
    const posts = [post(0, "Defences", [long]), post(1, "Defences held", [long])];
    for (const point of condenseLiveBlog(liveBlog(posts)).keyPoints) expect(point.text.split(/\s+/).length).toBeLessThanOrEqual(40);
  });

  it("a long blog that repeats its lines word for word keeps to the contract", () => {
    const base = harbourFire();
    const posts = Array.from({ length: 10 * base.length }, (_, index) => ({ ...base[index % base.length]!, index }));
    const summary = condenseLiveBlog(liveBlog(posts));
    expect(summary.keyPoints.length).toBeGreaterThanOrEqual(4);
    expect(summary.keyPoints.length).toBeLessThanOrEqual(7);
    expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
    expect(summary.keyPoints.some((point) => /still unclear|not yet known|stay with us|podcast/i.test(point.text))).toBe(false);
  });

  it("honours smaller limits", () => {
    const summary = condenseLiveBlog(liveBlog(harbourFire()), { maxKeyPoints: 3 });
    expect(summary.keyPoints.length).toBeLessThanOrEqual(3);
  });
});

describe("the contract holds on any blog", () => {
  const sentences = [
    "Firefighters have brought the blaze under control, the fire service says.",
    "It is still unclear how the fire started.",
    "Police have closed the coast road in both directions.",
    "The coast road has reopened, police say.",
    "Stay with us for the latest updates.",
    "Analysts say the closure will cost local businesses thousands of pounds.",
    "Meanwhile, residents have been told to keep their windows shut.",
    "The mayor said she was shocked by the scale of the damage.",
    "LISTEN: our podcast on the fire.",
    "About 200 people were evacuated from nearby homes, according to the council.",
    "Three people were treated for smoke inhalation at the scene.",
    "We are still awaiting an update from the ambulance service.",
  ];
  const arbitraryPost = fc.record({
    title: fc.constantFrom("Update", "Fire latest", "Road reopened", "What we know so far", "Get involved", "Crews at the scene"),
    paragraphs: fc.array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 4 }),
    bullets: fc.array(fc.constantFrom(...sentences), { maxLength: 3 }),
  });

  it("extracted, within 40 words, no pair sharing over half their words, valid post indexes", () => {
    fc.assert(
      fc.property(fc.array(arbitraryPost, { minLength: 1, maxLength: 25 }), (drafts) => {
        const posts = drafts.map((draft, index) => post(index, draft.title, draft.paragraphs, { bullets: draft.bullets }));
        const summary = condenseLiveBlog(liveBlog(posts));
        expect(summary.keyPoints.length).toBeLessThanOrEqual(7);
        expect(contractProblems(summary.keyPoints, posts)).toEqual([]);
        expect(summary.keyPoints.every((point) => isExtractedFrom(point, posts))).toBe(true);
        expect(typeof summary.headline).toBe("string");
      }),
      { numRuns: 150, seed: 4 },
    );
  });
});

describe("Summarizer", () => {
  it("the extractive summarizer is the condenser behind the pluggable interface", async () => {
    const story = liveBlog(harbourFire());
    expect(extractiveSummarizer.name).toBe("extractive");
    expect(await extractiveSummarizer.summarize(story)).toEqual(condenseLiveBlog(story));
  });

  it("an asynchronous summarizer fits the same interface", async () => {
    const quoting: Summarizer = {
      name: "first-post",
      summarize: async (story) => ({ keyPoints: [{ text: story.posts![0]!.title, post: 0 }], headline: story.headline }),
    };
    const story = liveBlog(harbourFire());
    expect(await quoting.summarize(story)).toEqual({
      keyPoints: [{ text: "Fire at Kestrel Quay is out, fire service says", post: 0 }],
      headline: "Test live blog",
    });
  });
});
