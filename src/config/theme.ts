/**
 * The theme: colours (light and dark), fonts, logo and widths that the templates
 * read as `theme.*`. Editors keep it in templates/theme.json; a config file may
 * override any part of it under "theme". Declared once here, so validation, the
 * defaults and the TypeScript type cannot drift apart.
 */
import {
  integer,
  mergeDeep,
  nullable,
  number,
  object,
  string,
  type DeepPartial,
  type Infer,
  type Issue,
} from "./schema.js";
import { AA_TEXT, contrastRatio, isHexColor } from "../text/index.js";

const color = (fallback: string) =>
  string({ default: fallback, expected: 'a hex colour such as "#1f1f1f"', check: isHexColor });

const httpUrl = (fallback: string) =>
  string({ default: fallback, expected: "an http(s) url", check: (v) => /^https?:\/\/[^\s"'<>]+$/i.test(v) });


/** One colour scheme. Every "text-like" colour is checked against the backgrounds it sits on. */
const palette = (d: Record<"background" | "surface" | "text" | "muted" | "accent" | "onAccent" | "border", string>) =>
  object({
    /** Behind the cards: the page. */
    background: color(d.background),
    /** The cards that hold the stories. */
    surface: color(d.surface),
    /** Headlines and body text. */
    text: color(d.text),
    /** Bylines, dates, footer. */
    muted: color(d.muted),
    /** Links and topic labels. */
    accent: color(d.accent),
    /** Text on an accent background (buttons, the LIVE badge). */
    onAccent: color(d.onAccent),
    /** Hairlines between stories. Decorative: not checked for contrast. */
    border: color(d.border),
  });

export const themeSchema = object({
  colors: palette({
    background: "#f4f1ea",
    surface: "#ffffff",
    text: "#1f1f1f",
    muted: "#595959",
    accent: "#b3202a",
    onAccent: "#ffffff",
    border: "#e4ded2",
  }),
  darkColors: palette({
    background: "#121212",
    surface: "#1e1e1e",
    text: "#ececec",
    muted: "#b4b4b4",
    accent: "#ff8f86",
    onAccent: "#1e1e1e",
    border: "#3a3a3a",
  }),
  fonts: object({
    body: string({ default: "Georgia, 'Times New Roman', Times, serif" }),
    heading: string({ default: "'Helvetica Neue', Helvetica, Arial, sans-serif" }),
    /** Body text size in px; 14 is the least a phone can read comfortably. */
    baseSize: integer({ default: 17, min: 14, max: 24 }),
    lineHeight: number({ default: 1.55, min: 1, max: 2.5 }),
  }),
  logo: nullable(
    object({
      /** Required when there is a logo. */
      url: httpUrl(""),
      /** Required: every image needs alt text. */
      alt: string({ default: "" }),
      width: integer({ default: 160, min: 24, max: 600 }),
    }),
    { default: null },
  ),
  widths: object({
    /** The content column on desktop, px. 600-680 suits every mail client. */
    content: integer({ default: 640, min: 480, max: 800 }),
    /** Below this viewport width, columns stack (px). */
    breakpoint: integer({ default: 480, min: 320, max: 800 }),
  }),
  /** Corner radius of cards and buttons, px. */
  radius: integer({ default: 6, min: 0, max: 24 }),
});

export type Theme = Infer<typeof themeSchema>;
export type ThemeOverrides = DeepPartial<Theme>;
export type Palette = Theme["colors"];

/** Validates a theme file's parsed JSON; issues carry dotted paths ("colors.text"). */
export function parseTheme(value: unknown): { theme: Theme; issues: Issue[] } {
  const issues: Issue[] = [];
  const theme = themeSchema.parse(value, "", issues);
  return { theme, issues };
}

/** The theme with a config's overrides applied (already validated by the config). */
export function applyThemeOverrides(theme: Theme, overrides: ThemeOverrides | undefined): Theme {
  return mergeDeep<Theme>(theme, overrides);
}

/** A pair of colours that must stay readable: text-like colour on its background. */
export interface ContrastPair {
  scheme: "light" | "dark";
  foreground: keyof Palette;
  background: keyof Palette;
  ratio: number;
}

/** Which colour is read on which background, in the templates that ship. */
const READ_ON: ReadonlyArray<[keyof Palette, keyof Palette]> = [
  ["text", "surface"],
  ["muted", "surface"],
  ["accent", "surface"],
  ["text", "background"],
  ["muted", "background"],
  ["accent", "background"],
  ["onAccent", "accent"],
];

/** Every text colour against every background it is used on, with its contrast ratio. */
export function contrastPairs(theme: Theme): ContrastPair[] {
  const pairs: ContrastPair[] = [];
  for (const [scheme, palette] of [["light", theme.colors], ["dark", theme.darkColors]] as const) {
    for (const [foreground, background] of READ_ON) {
      pairs.push({ scheme, foreground, background, ratio: contrastRatio(palette[foreground], palette[background]) });
    }
  }
  return pairs;
}

/** Pairs under WCAG AA (4.5:1), described for a warning. */
export function contrastProblems(theme: Theme): string[] {
  return contrastPairs(theme)
    .filter((pair) => pair.ratio < AA_TEXT)
    .map(
      (p) =>
        `${p.scheme === "light" ? "colors" : "darkColors"}.${p.foreground} on ${p.background} has contrast ` +
        `${p.ratio.toFixed(2)}:1, under the 4.5:1 that WCAG AA asks of text`,
    );
}

/** Checks that cannot be expressed per key: a logo needs a url and alt text. */
export function themeRuleIssues(theme: Pick<Theme, "logo"> | ThemeOverrides): Issue[] {
  const issues: Issue[] = [];
  const logo = theme.logo;
  if (!logo) return issues;
  if (!logo.url) issues.push({ path: "logo.url", message: "expected the logo's http(s) url" });
  if (!logo.alt || logo.alt.trim() === "") {
    issues.push({ path: "logo.alt", message: "expected alt text for the logo (every image needs it)" });
  }
  return issues;
}
