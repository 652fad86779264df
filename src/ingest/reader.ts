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
