/**
 * Line endings made uniform before a CSV list is parsed: "\r\n" and a lone "\r" both
 * become "\n". csv-parse takes the first line's ending as the only one, so a later row
 * that ends differently (lists pasted together from two exports) was read as part of
 * the row before it: its subscriber lost, its address leaked into someone else's name.
 * A line break inside a quoted field becomes "\n" too, which only names can hold.
 */
import { Transform, type TransformCallback } from "node:stream";

export class LineEndingsToLf extends Transform {
  /** The chunk before ended in "\r": whether a "\n" follows is only known now. */
  private carriageReturnPending = false;

  constructor() {
    super({ decodeStrings: false, encoding: "utf8" });
  }

  /** `chunk` is text: the list is read with an encoding, so no character is split. */
  override _transform(chunk: string, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = (this.carriageReturnPending ? "\r" : "") + chunk;
    this.carriageReturnPending = text.endsWith("\r");
    if (this.carriageReturnPending) text = text.slice(0, -1);
    callback(null, text.replace(/\r\n?/g, "\n"));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.carriageReturnPending ? "\n" : "");
  }
}
