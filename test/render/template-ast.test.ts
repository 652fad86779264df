import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { prepareTemplate, stripLineMarkers } from "../../src/render/template-ast.js";

function run(sources: Record<string, string>, layout: string, data: unknown) {
  const env = Handlebars.create();
  const files = ["layout.mjml", ...Object.keys(sources)];
  Object.entries(sources).forEach(([name, source], i) => {
    env.registerPartial(name, env.compile(prepareTemplate(env.parse(source), i + 1, true).program as unknown as string, { strict: true }));
  });
  const template = env.compile(prepareTemplate(env.parse(layout), 0, true).program as unknown as string, { strict: true });
  return stripLineMarkers(template(data), files);
}

describe("line markers", () => {
  it("map every output line back to its template file and line, through partials and loops", () => {
    const layout = "<mjml>\n  <mj-body>\n    {{#each items}}\n    {{> card}}\n    {{/each}}\n  </mj-body>\n</mjml>\n";
    const card = "<mj-section>\n  <mj-text>{{this}}</mj-text>\n</mj-section>\n";
    const { text, lines } = run({ card }, layout, { items: ["a", "b"] });
    const out = text.split("\n");
    expect(text).not.toMatch(/[\u0001\u0002]/);
    const at = (needle: string, nth = 0) => lines[out.map((l, i) => (l.includes(needle) ? i : -1)).filter((i) => i >= 0)[nth]!];
    expect(at("<mjml>")).toEqual({ file: "layout.mjml", line: 1 });
    expect(at("<mj-body>")).toEqual({ file: "layout.mjml", line: 2 });
    expect(at("<mj-text>a")).toEqual({ file: "card", line: 2 });
    expect(at("<mj-text>b")).toEqual({ file: "card", line: 2 });
    expect(at("</mj-section>", 1)).toEqual({ file: "card", line: 3 });
    expect(at("</mj-body>")).toEqual({ file: "layout.mjml", line: 6 });
  });

  it("count on from the last marker for lines made by data", () => {
    const { text, lines } = run({}, "<a>\n{{{body}}}\n<b>\n", { body: "one\ntwo" });
    expect(text).toBe("<a>\none\ntwo\n<b>\n");
    expect(lines.slice(0, 4)).toEqual([
      { file: "layout.mjml", line: 1 },
      { file: "layout.mjml", line: 2 },
      { file: "layout.mjml", line: 3 },
      { file: "layout.mjml", line: 3 },
    ]);
  });

  it("make names inside helper arguments strict", () => {
    const env = Handlebars.create();
    const strict = env.compile(prepareTemplate(env.parse("{{#if story.nope}}x{{/if}}"), 0, false).program as unknown as string, { strict: true });
    expect(() => strict({ story: {} })).toThrow(/"nope" not defined/);
    expect(strict({ story: { nope: null } })).toBe("");
  });
});
