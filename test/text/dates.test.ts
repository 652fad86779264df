import { describe, expect, it } from "vitest";
import { dateInZone, formatInZone, isIsoDate, longDateLabel, relativeTime } from "../../src/text/dates.js";

describe("dates in the edition's time zone", () => {
  it('prints an edition date as "Thursday 20 June 2024"', () => {
    expect(longDateLabel("2024-06-20")).toBe("Thursday 20 June 2024");
    expect(longDateLabel("2024-02-29")).toBe("Thursday 29 February 2024");
  });

  it("shows an instant on the wall clock of the zone, not the machine's", () => {
    const instant = new Date("2024-06-19T23:30:00Z");
    expect(formatInZone(instant, "UTC", "EEEE d MMMM yyyy HH:mm")).toBe("Wednesday 19 June 2024 23:30");
    expect(formatInZone(instant, "Europe/London", "EEEE d MMMM yyyy HH:mm")).toBe("Thursday 20 June 2024 00:30");
    expect(formatInZone(instant, "Asia/Pyongyang", "HH:mm")).toBe("08:30");
    expect(formatInZone(instant, "America/New_York", "d MMMM HH:mm")).toBe("19 June 19:30");
  });

  it("follows daylight saving time", () => {
    expect(formatInZone(new Date("2024-01-15T12:00:00Z"), "Europe/London", "HH:mm")).toBe("12:00");
    expect(formatInZone(new Date("2024-07-15T12:00:00Z"), "Europe/London", "HH:mm")).toBe("13:00");
  });

  it("gives the calendar date an instant falls on in a zone", () => {
    expect(dateInZone(new Date("2024-06-19T23:30:00Z"), "UTC")).toBe("2024-06-19");
    expect(dateInZone(new Date("2024-06-19T23:30:00Z"), "Europe/Berlin")).toBe("2024-06-20");
    expect(dateInZone(new Date("2024-06-20T03:00:00Z"), "America/Los_Angeles")).toBe("2024-06-19");
  });

  it("says how long ago, counting from the given now", () => {
    const now = new Date("2024-06-20T10:00:00Z");
    expect(relativeTime(new Date("2024-06-20T08:00:00Z"), now)).toBe("2 hours ago");
    expect(relativeTime(new Date("2024-06-20T07:59:00Z"), now)).toBe("2 hours ago");
    expect(relativeTime(new Date("2024-06-20T09:15:00Z"), now)).toBe("45 minutes ago");
    expect(relativeTime(new Date("2024-06-20T09:59:30Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2024-06-20T10:30:00Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2024-06-17T10:00:00Z"), now)).toBe("3 days ago");
  });

  it("recognises real YYYY-MM-DD dates only", () => {
    expect(isIsoDate("2024-06-20")).toBe(true);
    expect(isIsoDate("2024-02-30")).toBe(false);
    expect(isIsoDate("2024-6-20")).toBe(false);
    expect(isIsoDate("20 June 2024")).toBe(false);
  });
});
