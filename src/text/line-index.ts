/**
 * Maps character offsets of a text to 1-based lines and columns. Parsers report
 * positions as offsets; people read errors by line.
 */

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is line 1. */
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** The 1-based line holding `offset` (clamped to the text). */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  positionAt(offset: number): TextPosition {
    const line = this.lineAt(offset);
    return { line, column: offset - this.lineStarts[line - 1]! + 1 };
  }
}
