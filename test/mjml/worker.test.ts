// The MJML worker loads mjml-core with stand-ins for the modules it seldom uses (see
// LAZY_MJML_CORE_MODULES): what it makes must be byte for byte what MJML itself makes,
// for the shipped templates and for markup that does reach those modules.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/load.js";
import { LAZY_MJML_CORE_MODULES, MJML_OPTIONS, runMjml, WARM_UP, type MjmlIssue } from "../../src/mjml/worker.js";
import { buildEdition } from "../../src/pipeline.js";
import { compileTemplates } from "../../src/render/compile.js";
import { templateContext } from "../../src/render/index.js";
import { crowdedDay } from "../fixtures/edition/large.js";
import { digestOf, shippedTemplates } from "../fixtures/edition/render.js";

const requireHere = createRequire(import.meta.url);
const mjmlPath = requireHere.resolve("mjml");
const requireFromCore = createRequire(createRequire(mjmlPath).resolve("mjml-core"));

interface MjmlResult {
  html: string;
  errors: { line?: number; message?: string; tagName?: string }[];
}
const mjml2html = requireHere(mjmlPath) as (mjml: string, options: object) => Promise<MjmlResult>;

type Reply = { ok: true; html: string } | { ok: false; message: string; errors?: MjmlIssue[] };

/** What MJML itself, loaded whole in this thread, answers: the worker's reply shape. */
async function direct(mjml: string): Promise<Reply> {
  try {
    return { ok: true, html: (await mjml2html(mjml, MJML_OPTIONS)).html };
  } catch (error) {
    const { message, errors } = error as Error & { errors?: MjmlResult["errors"] };
    return {
      ok: false,
      message,
      ...(Array.isArray(errors) ? { errors: errors.map((e) => ({ line: e.line, message: e.message, tagName: e.tagName })) } : {}),
    };
  }
}

async function expectSameAsMjml(mjml: string): Promise<void> {
  const { id: _id, ...reply } = await runMjml(mjml);
  expect(reply).toEqual(await direct(mjml));
}

async function shippedMjml(stories?: Parameters<typeof digestOf>[0]): Promise<string> {
  const set = await shippedTemplates();
  return compileTemplates(set).renderMjml(templateContext(digestOf(stories), set)).mjml;
}

async function htmlOf(mjml: string): Promise<string> {
  const reply = await runMjml(mjml);
  if (!reply.ok) throw new Error(reply.message);
  return reply.html;
}

const section = (body: string) => `<mj-section><mj-column>${body}</mj-column></mj-section>`;

describe("the MJML worker", () => {
  it("answers __esModule for each stand-in as the installed module does", () => {
    for (const [name, esModule] of Object.entries(LAZY_MJML_CORE_MODULES)) {
      const real = requireFromCore(name) as { __esModule?: boolean };
      expect(Boolean(real.__esModule), name).toBe(esModule);
    }
  });

  it("makes MJML's own HTML from the shipped templates: the standard edition and a crowded day", async () => {
    await expectSameAsMjml(await shippedMjml());
    await expectSameAsMjml(await shippedMjml(crowdedDay(40)));
  });

  it("makes MJML's own HTML for the seeds' edition", async () => {
    const built = await buildEdition({ stories: ["seeds"], templatesDir: "templates", config: defaultConfig(), now: new Date("2024-06-20T07:00:00Z") });
    await expectSameAsMjml(built.render.mjml);
  });

  it("loads what a template needs on first use: inlined styles (juice) and html attributes (cheerio)", async () => {
    const inline = `<mjml><mj-head><mj-style inline="inline">.lead { color: #c00; font-weight: bold }</mj-style></mj-head>
<mj-body>${section('<mj-text css-class="lead"><p class="lead">Inlined</p></mj-text>')}</mj-body></mjml>`;
    const attributes = `<mjml><mj-head><mj-html-attributes><mj-selector path=".story div">
<mj-html-attribute name="data-id">42</mj-html-attribute></mj-selector></mj-html-attributes></mj-head>
<mj-body>${section('<mj-text css-class="story">Tagged</mj-text>')}</mj-body></mjml>`;
    await expectSameAsMjml(inline);
    await expectSameAsMjml(attributes);
    expect(await htmlOf(inline)).toMatch(/<p class="lead" style="[^"]*color: #c00/);
    expect(await htmlOf(attributes)).toContain('data-id="42"');
    // And both again, now that the real modules are loaded.
    await expectSameAsMjml(inline + "\n");
  });

  it("warms up on a document MJML compiles cleanly, with none of the stand-ins' features", async () => {
    expect(await direct(WARM_UP)).toMatchObject({ ok: true });
    expect((await mjml2html(WARM_UP, MJML_OPTIONS)).errors).toEqual([]);
    expect(WARM_UP).not.toMatch(/inline=|mj-html-attributes/);
  });

  it("reports the errors MJML reports", async () => {
    await expectSameAsMjml(`<mjml><mj-body>${section('<mj-text colour="red">x</mj-text><mj-txt>y</mj-txt>')}</mj-body></mjml>`);
    await expectSameAsMjml("<mjml><mj-body><mj-column></mj-body></mjml>");
  });
});
