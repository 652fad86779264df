/**
 * An append-only file whose append() resolves only once the line is on disk. Appends
 * that arrive while a write is running are written together by the next one ("group
 * commit"), so ten senders waiting on the log cost one disk flush, not ten, and the order
 * of lines in the file is the order of the calls.
 *
 * The file is opened O_DSYNC where the platform has it: each write returns only once its
 * data is on disk, one trip to the I/O thread instead of two (write, then fdatasync). That
 * wait sits between a sender's messages, so it is worth halving.
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { PRIVATE_FILE_MODE } from "./private-file.js";

const DSYNC = constants.O_DSYNC;

interface Pending {
  text: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class DurableAppender {
  private queue: Pending[] = [];
  private flushing = false;
  /** The first write or sync failure; every later append fails with it. */
  private failure: Error | undefined;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    /** false: the open flags already make every write durable. */
    private readonly syncAfterWrite: boolean,
  ) {}

  /**
   * Owner-only: what is appended (the send ledger, a list's history) names readers. A
   * file created before that rule, or by another tool, is made owner-only on opening.
   */
  static async open(path: string, mode = PRIVATE_FILE_MODE): Promise<DurableAppender> {
    const durable = DSYNC !== undefined;
    const flags = durable ? constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | DSYNC : "a";
    const file = await open(path, flags, mode);
    try {
      await file.chmod(mode);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new DurableAppender(file, path, !durable);
  }

  /** Appends `text` (a whole line, with its newline) and resolves once it is durable. */
  append(text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`${this.path}: append after close`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Waits for every append so far to be durable, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
    await this.file.close();
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const data = Buffer.from(batch.map((p) => p.text).join(""), "utf8");
        // A write may take fewer bytes than offered (a full disk, a signal); never leave half a batch.
        for (let offset = 0; offset < data.length; ) {
          const { bytesWritten } = await this.file.write(data, offset, data.length - offset);
          if (bytesWritten === 0) throw new Error("no space left to write");
          offset += bytesWritten;
        }
        if (this.syncAfterWrite) await this.file.datasync();
        for (const p of batch) p.resolve();
      } catch (error) {
        this.failure = new Error(`${this.path}: cannot write (${(error as Error).message})`);
        for (const p of [...batch, ...this.queue]) p.reject(this.failure);
        this.queue = [];
      }
    }
    this.flushing = false;
    this.markIdle();
  }
}
