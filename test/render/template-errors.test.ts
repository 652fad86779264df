// A broken template fails with its file, line and what is wrong, never a silent blank.
import { describe, expect, it } from "vitest";
import { renderEdition } from "../../src/render/index.js";
import { TemplateError } from "../../src/render/errors.js";
import { inlineTemplates } from "../fixtures/edition/inline-templates.js";
import { digestOf, templatesWith } from "../fixtures/edition/render.js";

async function failure(promise: Promise<unknown>): Promise<TemplateError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error("expected a TemplateError");
}

/** 1-based line of the first line of `source` containing `needle`. */
function lineOf(source: string, needle: string): number {
  return source.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("template errors", () => {
  it("an unknown MJML element is reported at the partial's file and line, with MJML's message", async () => {
    let broken = "";
    const templates = await templatesWith({
      "stories/article": (source) => (broken = source.replace("<mj-text css-class=\"nd-text\"", "<mj-txt css-class=\"nd-text\"").replace("</mj-text>", "</mj-txt>")),
    });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary.file).toBe("templates/partials/stories/article.mjml");
    expect(error.primary.line).toBe(lineOf(broken, "<mj-txt"));
    expect(error.primary.message).toMatch(/^MJML: Element mj-txt doesn't exist or is not registered/);
    expect(error.message).toMatch(/^templates\/partials\/stories\/article\.mjml:\d+: MJML: /);
  });

  it("an attribute MJML does not know is reported at the layout's line", async () => {
    let broken = "";
    const templates = await templatesWith({
      layout: (source) => (broken = source.replace('<mj-breakpoint width=', '<mj-breakpoint colour="red" width=')),
    });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary).toMatchObject({ file: "templates/layout.mjml", line: lineOf(broken, "colour=") });
    expect(error.primary.message).toMatch(/Attribute colour is illegal/);
  });

  it("a Handlebars syntax error names the file and line", async () => {
    const templates = await templatesWith({ footer: (source) => source.replace("{{footer.reason}}", "{{footer.reason}") });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary.file).toBe("templates/partials/footer.mjml");
    expect(error.primary.line).toBe(lineOf((await templatesWith({})).partials.find((p) => p.name === "footer")!.source, "{{footer.reason}}"));
    expect(error.primary.message).toMatch(/^Handlebars syntax error/);
  });

  it("an unknown variable is an error naming it, where it is written", async () => {
    let broken = "";
    const templates = await templatesWith({ header: (source) => (broken = source.replace("{{edition.dateLabel}}", "{{edition.dateLable}}")) });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary).toMatchObject({ file: "templates/partials/header.mjml", line: lineOf(broken, "dateLable") });
    expect(error.primary.message).toMatch(/^unknown variable "edition\.dateLable"/);
  });

  it("an unknown variable inside {{#if}} is an error too, not a quiet false", async () => {
    const templates = await templatesWith({ "stories/article": (source) => source.replace("{{#if lede}}", "{{#if summary}}") });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary.file).toBe("templates/partials/stories/article.mjml");
    expect(error.primary.message).toMatch(/^unknown variable or helper "summary"/);
  });

  it("an unknown variable in the text template is reported there", async () => {
    const templates = await templatesWith({ text: (source) => source.replace("{{edition.title}}", "{{edition.name}}") });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary).toMatchObject({ file: "templates/text.hbs", line: lineOf(templates.text.source, "{{edition.name}}") });
  });

  it("reading a field of a null value says so", async () => {
    const templates = await templatesWith({ "stories/article": (source) => source.replace("{{#if image}}", "{{image.url}}{{#if image}}") });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary.message).toMatch(/"image\.url": cannot read "url" of a null value/);
  });

  it("a missing partial names the file that asked for it", async () => {
    const templates = await templatesWith({ layout: (source) => source.replace("{{> footer}}", "{{> footr}}") });
    const error = await failure(renderEdition(digestOf(), templates));
    expect(error.primary.file).toBe("templates/layout.mjml");
    expect(error.primary.message).toMatch(/footr/);
  });

  it("a plain-text partial cannot be put into the HTML, where it would not be escaped", async () => {
    const set = inlineTemplates('<mjml><mj-body><mj-section><mj-column><mj-text>{{> txt/raw}}</mj-text></mj-column></mj-section></mj-body></mjml>', {
      "txt/raw": "{{edition.title}}",
    });
    const error = await failure(renderEdition(digestOf(), set));
    expect(error.primary.file).toBe("mem/partials/txt/raw.hbs");
    expect(error.primary.message).toMatch(/plain-text \(\.hbs\) partial cannot be used in the HTML email/);
  });
});
