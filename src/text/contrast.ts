/**
 * WCAG 2 contrast between two colours: (L1 + 0.05) / (L2 + 0.05) of their relative
 * luminances. AA asks 4.5:1 for body text. Pure arithmetic, no colour library.
 */

/** The minimum contrast WCAG 2 AA asks of normal-size text. */
export const AA_TEXT = 4.5;

/** "#rgb" or "#rrggbb", any case. */
export function isHexColor(value: string): boolean {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value);
}

/** [r, g, b] in 0..255 from "#rgb" or "#rrggbb". */
export function parseHexColor(value: string): [number, number, number] {
  if (!isHexColor(value)) throw new Error(`not a hex colour: ${JSON.stringify(value)}`);
  const hex = value.length === 4 ? [...value.slice(1)].map((c) => c + c).join("") : value.slice(1);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance (0 for black, 1 for white), per WCAG 2. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHexColor(color).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio from 1 (same colour) to 21 (black on white); symmetric. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
