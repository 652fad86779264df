// LiveEdition: one build at a time, changes made during a build gathered into the next,
// and a failed build shown next to the last edition that built.
import { describe, expect, it } from "vitest";
import type { ChangeKind, PreviewBuild, PreviewEdition } from "../../../src/app/preview/build.js";
import { LiveEdition, type PreviewState } from "../../../src/app/preview/live-edition.js";
import { TemplateError } from "../../../src/render/errors.js";
import { previewEdition } from "./edition.js";

// Never reports a spam score: these tests follow builds; the spam check has its own tests.
const edition = (html: string): PreviewEdition => previewEdition(html);

/** A build whose runs finish only when the test says so. */
function gatedBuild(): { build: PreviewBuild; calls: ChangeKind[][]; finish(result: PreviewEdition | Error): void } {
  const calls: ChangeKind[][] = [];
  const waiting: Array<(result: PreviewEdition | Error) => void> = [];
  return {
    calls,
    build: (changes) => {
      calls.push([...changes].sort());
      return new Promise((resolve, reject) => waiting.push((result) => (result instanceof Error ? reject(result) : resolve(result))));
    },
    finish(result) {
      const next = waiting.shift();
      if (!next) throw new Error("no build is waiting");
      next(result);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("LiveEdition", () => {
  it("gathers changes made during a build into one next build", async () => {
    const gate = gatedBuild();
    const live = new LiveEdition(gate.build);
    const first = live.rebuild(new Set(["templates"]));
    await tick();
    void live.rebuild(new Set(["stories"]));
    void live.rebuild(new Set(["config", "stories"]));
    expect(gate.calls).toEqual([["templates"]]);
    gate.finish(edition("<p>one</p>"));
    await tick();
    expect(gate.calls).toEqual([["templates"], ["config", "stories"]]);
    gate.finish(edition("<p>two</p>"));
    await first;
    expect(live.version).toBe(2);
    expect(live.edition!.html).toBe("<p>two</p>");
  });

  it("keeps the last good edition when a build fails, and reports the failure with its file", async () => {
    const gate = gatedBuild();
    const live = new LiveEdition(gate.build);
    const states: PreviewState[] = [];
    live.onState((state) => states.push(state));
    const first = live.rebuild();
    await tick();
    gate.finish(edition("<p>good</p>"));
    await first;
    const second = live.rebuild(new Set(["templates"]));
    await tick();
    gate.finish(new TemplateError({ file: "templates/partials/header.mjml", line: 3, message: "unknown variable" }));
    await second;
    const state = live.state();
    expect(state.status).toBe("failed");
    expect(state.editionVersion).toBe(1);
    expect(live.edition!.html).toBe("<p>good</p>");
    expect(state.failure!.problems).toEqual([{ file: "templates/partials/header.mjml", line: 3, message: "unknown variable" }]);
    expect(states.map((s) => s.status)).toEqual(["building", "ready", "building", "failed"]);
    expect(state.send).toEqual({ ready: false, reason: "sending is not configured: no SMTP server" });
  });

  it("says why sending is off before anything has built", () => {
    const live = new LiveEdition(gatedBuild().build);
    expect(live.state()).toMatchObject({ status: "building", editionVersion: 0, edition: null, send: { ready: false } });
  });
});
