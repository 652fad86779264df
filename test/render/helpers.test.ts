// The helpers as templates use them, through a real Handlebars compile.
import { describe, expect, it } from "vitest";
import { compileTemplates } from "../../src/render/compile.js";
import { TemplateError } from "../../src/render/errors.js";
import { fieldPlaceholder } from "../../src/render/placeholders.js";
import { inlineTemplates } from "../fixtures/edition/inline-templates.js";

const root = {
  edition: { title: "T", timeZone: "Europe/London", now: "2024-06-20T10:00:00Z" },
  story: {
    publishedAt: "2024-06-19T23:30:00Z",
    postAt: "2024-06-20T08:00:00Z",
    lede: "one two three four five six",
    sources: ["BBC News", "Reuters"],
    none: null,
  },
  n: 3,
  one: 1,
};

function text(template: string, context: Record<string, unknown> = root): string {
  return compileTemplates(inlineTemplates("<mjml></mjml>", {}, template)).renderText(context);
}

describe("template helpers", () => {
  it("formatDate prints dates in the edition's zone, with an optional date-fns pattern", () => {
    expect(text("{{formatDate story.publishedAt}}")).toBe("Thursday 20 June 2024");
    expect(text('{{formatDate story.publishedAt "d MMM, HH:mm"}}')).toBe("20 Jun, 00:30");
    expect(text("[{{formatDate story.none}}]")).toBe("[]");
  });

  it("formatTime and relativeTime use the zone and the edition's now, not the clock", () => {
    expect(text("{{formatTime story.postAt}}")).toBe("09:00");
    expect(text("{{relativeTime story.postAt}}")).toBe("2 hours ago");
    expect(text("{{relativeTime story.publishedAt}}")).toBe("10 hours ago");
  });

  it("plural picks the word for the count", () => {
    expect(text('{{plural n "story" "stories"}}; {{plural one "story" "stories"}}; {{plural n "topic"}}; {{plural story.sources "source"}}')).toBe(
      "3 stories; 1 story; 3 topics; 2 sources",
    );
  });

  it("truncateWords cuts at a word with an ellipsis", () => {
    expect(text("{{truncateWords story.lede 4}}")).toBe("one two three four…");
    expect(text("{{truncateWords story.lede 10}}")).toBe("one two three four five six");
  });

  it("join, eq and underline", () => {
    expect(text('{{join story.sources " / "}}')).toBe("BBC News / Reuters");
    expect(text('{{#if (eq n 3)}}yes{{else}}no{{/if}}')).toBe("yes");
    expect(text('{{underline edition.title "="}}')).toBe("=");
  });

  it("field writes a placeholder for a recipient column", () => {
    expect(text('{{field "city"}}')).toBe(fieldPlaceholder("city"));
  });

  it("reports a bad argument at the template file, line and column", () => {
    let error: unknown;
    try {
      text('first line\n  {{formatDate "yesterday"}}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).primary).toMatchObject({ file: "mem/text.hbs", line: 2, column: 3 });
    expect((error as Error).message).toBe('mem/text.hbs:2:3: formatDate: expected an ISO 8601 date, got "yesterday"');
    expect(() => text("{{truncateWords story.lede -1}}")).toThrow(/whole number of words/);
    expect(() => text('{{field "no spaces"}}')).toThrow(/column name/);
  });
});
