/**
 * Editor overrides: `topic:` in a story's front matter pins the story to a
 * named topic, whatever its text. Pinned stories skip grouping; stories
 * pinned to the same name (compared without case or extra spaces) share a
 * topic.
 */
import type { Story } from "../../model.js";

interface PinnedTopic {
  /** As most of its stories spell it; on a tie, capitals first ("Culture" before "culture"). */
  name: string;
  /** Indices of the pinned stories. */
  members: number[];
}

export interface Pins {
  /** In order of first appearance. */
  topics: PinnedTopic[];
  /** Indices of the stories with no pin, for grouping. */
  free: number[];
}

export function readPins(stories: ReadonlyArray<Story>): Pins {
  const byKey = new Map<string, { members: number[]; spellings: Map<string, number> }>();
  const free: number[] = [];
  stories.forEach((story, i) => {
    const name = story.topic?.trim().replace(/\s+/g, " ");
    if (!name) {
      free.push(i);
      return;
    }
    const key = name.toLowerCase();
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { members: [], spellings: new Map() }));
    entry.members.push(i);
    entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
  });
  const topics = [...byKey.values()].map(({ members, spellings }) => ({
    name: [...spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0],
    members,
  }));
  return { topics, free };
}
