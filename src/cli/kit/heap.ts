/**
 * For commands that stream a large list and keep almost nothing of it (a send, a dry
 * run, queueing 100,000 readers): V8 answers their pace by growing its young generation
 * to 16 MB semi-spaces and letting the old generation fill with promoted garbage before
 * collecting, which took such runs to 150-190 MB. Both flags are read by V8 at each
 * growth, so setting them at run time works (unlike --max-semi-space-size): the young
 * generation keeps its starting size and the old one grows by 10 % at a time. Measured
 * by `npm run bench:send`: a 100,000-reader send 148 -> 93 MB, a dry run 155 -> 96 MB,
 * queueing 190 -> 111 MB, for a little more CPU spent collecting (a send waits on the
 * network; queueing spends about a fifth more).
 */
import { setFlagsFromString } from "node:v8";

export function favourMemoryOverSpeed(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--heap-growing-percent=10");
}
