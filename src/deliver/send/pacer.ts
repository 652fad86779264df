/**
 * Spaces message starts evenly to stay under a rate (messages per second), shared by all
 * senders. Even spacing rather than bursts: providers that throttle count per second or
 * per minute, and a burst is what trips them.
 */
export class Pacer {
  private next = 0;
  private readonly gapMs: number;

  constructor(
    ratePerSecond: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.gapMs = ratePerSecond && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  }

  /** Resolves when the caller may start its next message. */
  async wait(): Promise<void> {
    if (this.gapMs === 0) return;
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.gapMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

/** Parses "10", "10/s", "600/m" or "3600/h" into messages per second. */
export function parseRate(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/i.exec(text);
  if (!match) return null;
  const count = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase()[0];
  const perSecond = unit === "h" ? count / 3600 : unit === "m" ? count / 60 : count;
  return perSecond > 0 ? perSecond : null;
}
