import { describe, expect, it } from "vitest";
import { parseClock, postInstants } from "../../src/compose/post-times.js";
import { liveBlog, post } from "../fixtures/edition/stories.js";

describe("parseClock", () => {
  it.each([
    ["08:15", 8 * 60 + 15],
    ["8:15", 8 * 60 + 15],
    ["23:59", 23 * 60 + 59],
    ["8.15am", 8 * 60 + 15],
    ["12:05 pm", 12 * 60 + 5],
    ["12:05am", 5],
    ["1:30 PM", 13 * 60 + 30],
  ])("reads %j", (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each([["24:00"], ["08:60"], ["13:00pm"], ["noon"], [""], ["8"]])("refuses %j", (text) => {
    expect(parseClock(text)).toBeUndefined();
  });
});

describe("postInstants", () => {
  it("dates posts on the day of the blog's last update, in the blog's zone", () => {
    const story = liveBlog({ id: "b", updatedAt: "2024-06-19T08:30:00+01:00", timeZone: "Europe/London" });
    const instants = postInstants(story);
    // 08:15 London summer time is 07:15 UTC.
    expect(instants.get(0)?.toISOString()).toBe("2024-06-19T07:15:00.000Z");
    expect(instants.get(2)?.toISOString()).toBe("2024-06-19T05:05:00.000Z");
  });

  it("moves back a day when the blog crosses midnight", () => {
    const story = liveBlog({
      id: "b",
      updatedAt: "2024-06-20T00:40:00Z",
      timeZone: "UTC",
      posts: [post(0, { time: "00:30" }), post(1, { time: "23:50" }), post(2, { time: "22:10" })],
    });
    const instants = postInstants(story);
    expect(instants.get(0)?.toISOString()).toBe("2024-06-20T00:30:00.000Z");
    expect(instants.get(1)?.toISOString()).toBe("2024-06-19T23:50:00.000Z");
    expect(instants.get(2)?.toISOString()).toBe("2024-06-19T22:10:00.000Z");
  });

  it("puts a newest post stamped well after the update time on the day before", () => {
    const story = liveBlog({ id: "b", updatedAt: "2024-06-20T00:10:00Z", timeZone: "UTC", posts: [post(0, { time: "23:55" })] });
    expect(postInstants(story).get(0)?.toISOString()).toBe("2024-06-19T23:55:00.000Z");
  });

  it("keeps a pinned older post on the same day (a small jump is not midnight)", () => {
    const story = liveBlog({
      id: "b",
      updatedAt: "2024-06-19T12:00:00Z",
      timeZone: "UTC",
      posts: [post(0, { time: "06:00" }), post(1, { time: "11:40" })],
    });
    expect(postInstants(story).get(1)?.toISOString()).toBe("2024-06-19T11:40:00.000Z");
  });

  it("gives nothing without an update time or a real time zone, and skips posts without a time", () => {
    expect(postInstants(liveBlog({ id: "b", updatedAt: undefined, publishedAt: undefined })).size).toBe(0);
    expect(postInstants(liveBlog({ id: "b", timeZone: "UK" })).size).toBe(0);
    const partly = postInstants(liveBlog({ id: "b", posts: [post(0), post(1, { time: "07:00" })] }));
    expect([...partly.keys()]).toEqual([1]);
  });
});
