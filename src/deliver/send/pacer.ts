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
