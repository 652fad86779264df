import type { InputError, Story } from "../model.js";

/** What one reader makes of one file: the stories it found and the problems it met. */
export interface ReadOutcome {
  stories: Story[];
  errors: InputError[];
}

/**
 * A reader turns the decoded text of one file into stories. Readers are pure:
 * no I/O, no clock; they never throw on bad input but report it as an error
 * naming the file (and line where known).
 */
export type Reader = (text: string, file: string) => ReadOutcome;

/**
 * The message for one story a reader failed on through a fault of its own (a
 * bug, or input it should have refused): readers catch it per story, so the
 * other stories of the file still load.
 */
export function internalStoryError(error: unknown): string {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `could not be read (internal error: ${reason}); please report it with this file`;
}
