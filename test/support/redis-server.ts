/**
 * A real redis-server (Debian's package) for the queue tests: its own temporary folder,
 * a free loopback port, AOF with `appendfsync always` (what the queue's guarantee
 * needs, see the README), stopped by pid. Tests skip, saying so, where it is missing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { tempDir } from "./temp.js";

export const hasRedisServer = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
export const REDIS_MISSING = "SKIPPED: redis-server is not installed (apt-get install redis-server; .ci/run does)";

export interface TestRedis {
  port: number;
  /** redis://127.0.0.1:PORT/0 */
  url: string;
  dir: string;
  pid(): number;
  /** Kills the server (SIGKILL: a crash, not a clean shutdown), leaving its folder. */
  crash(): Promise<void>;
  /** Starts it again on the same port and folder (its AOF is replayed). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `password`: the server asks for it (requirepass), as a production one should. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = await tempDir("nd-redis-");
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "yes", ...(options.password ? ["--requirepass", options.password] : [])],
      { stdio: "ignore" },
    );
    await waitForPing(port, child);
  };
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    process.kill(running.pid!, signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    dir,
    pid: () => child!.pid!,
    crash: () => kill("SIGKILL"),
    start: launch,
    stop: () => kill("SIGTERM"),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING; rejects if it exits first or takes over 10 s. */
async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (port ${port} taken?)`);
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer within 10 s`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\r\n")) {
        socket.destroy();
        // A server with a password answers NOAUTH: it is up all the same.
        resolve(answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"));
      }
    });
    socket.on("error", () => resolve(false));
  });
}
