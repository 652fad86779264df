// Whether Debian's spamassassin is on this machine: the spam tests skip, saying so, where it is not.
import { spawnSync } from "node:child_process";

export const hasSpamAssassin = spawnSync("spamassassin", ["-V"], { stdio: "ignore" }).status === 0;
export const SPAMASSASSIN_MISSING = "SKIPPED: spamassassin is not installed (apt-get install spamassassin; .ci/run does)";
