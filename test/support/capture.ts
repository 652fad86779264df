// Runs a command in this process with its stdout and stderr captured instead of printed.
import { vi } from "vitest";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function captureRun(run: () => Promise<number>): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
