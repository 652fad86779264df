/**
 * The edition the preview shows, kept current: builds run one at a time, changes
 * that arrive during a build are gathered into the next one, and a failed build
 * keeps the last good edition on screen next to the error. Listeners hear about
 * every state change (building, ready, failed); the page reloads the email only when
 * `editionVersion` moves.
 */
import { ALL_CHANGES, type ChangeKind, type PreviewBuild, type PreviewEdition } from "./build.js";
import type { PreviewChecks } from "./checks.js";
import type { SpamCheck } from "./spam.js";
import { describeFailure, type BuildFailure } from "./build-failure.js";
import type { InputError } from "../../model.js";

type PreviewStatus = "building" | "ready" | "failed";

/** What the page is told about the preview (the email itself is fetched separately). */
export interface PreviewState {
  status: PreviewStatus;
  /** 0 until the first good build; +1 with each good build after. */
  editionVersion: number;
  edition: {
    id: string;
    subject: string;
    preheader: string;
    /** ISO time the shown edition finished building. */
    builtAt: string;
    buildMs: number;
    mode: PreviewEdition["mode"];
  } | null;
  checks: PreviewChecks | null;
  /** SpamAssassin's verdict on the shown edition; "pending" while it runs (it never holds up a build). */
  spam: SpamCheck | null;
  warnings: string[];
  inputErrors: InputError[];
  /** The latest build's failure, shown over the last good edition; null when it built. */
  failure: BuildFailure | null;
  send: { ready: true; via: string } | { ready: false; reason: string };
}

type StateListener = (state: PreviewState) => void;

export interface BuildOutcome {
  ok: boolean;
  ms: number;
  failure?: BuildFailure;
  /** The error itself when it was not bad input (a bug): for the log. */
  error?: unknown;
  mode?: PreviewEdition["mode"];
}

export class LiveEdition {
  #build: PreviewBuild;
  #clock: () => Date;
  #listeners = new Set<StateListener>();
  #outcomeListeners = new Set<(outcome: BuildOutcome) => void>();
  #edition: PreviewEdition | null = null;
  #version = 0;
  #builtAt = "";
  #buildMs = 0;
  #status: PreviewStatus = "building";
  #failure: BuildFailure | null = null;
  #pending = new Set<ChangeKind>();
  #loop: Promise<void> | null = null;
  #spam: SpamCheck | null = null;
  #spamRun: Promise<void> | null = null;

  constructor(build: PreviewBuild, clock: () => Date = () => new Date()) {
    this.#build = build;
    this.#clock = clock;
  }

  /** The last edition that built, or null before the first success. */
  get edition(): PreviewEdition | null {
    return this.#edition;
  }

  get version(): number {
    return this.#version;
  }

  state(): PreviewState {
    const edition = this.#edition;
    return {
      status: this.#status,
      editionVersion: this.#version,
      edition: edition && {
        id: edition.editionId,
        subject: edition.subject,
        preheader: edition.preheader,
        builtAt: this.#builtAt,
        buildMs: this.#buildMs,
        mode: edition.mode,
      },
      checks: edition?.checks ?? null,
      spam: this.#spam,
      warnings: edition?.warnings ?? [],
      inputErrors: edition?.inputErrors ?? [],
      failure: this.#failure,
      send: !edition
        ? { ready: false, reason: "no edition has built yet" }
        : edition.send.ready
          ? { ready: true, via: edition.send.via }
          : { ready: false, reason: edition.send.reason },
    };
  }

  onState(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onBuild(listener: (outcome: BuildOutcome) => void): () => void {
    this.#outcomeListeners.add(listener);
    return () => this.#outcomeListeners.delete(listener);
  }

  /** Resolves when no build is running or waiting. */
  idle(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  /** Resolves when the spam check of the shown edition has reported (at once when none runs). */
  spamChecked(): Promise<void> {
    return this.#spamRun ?? Promise.resolve();
  }

  /** Builds for `changes`; resolves once a build that includes them has finished. */
  rebuild(changes: ReadonlySet<ChangeKind> = ALL_CHANGES): Promise<void> {
    for (const kind of changes) this.#pending.add(kind);
    this.#loop ??= this.#run().finally(() => {
      this.#loop = null;
    });
    return this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#pending.size > 0) {
      const changes = this.#pending;
      this.#pending = new Set();
      this.#status = "building";
      this.#emit();
      const started = performance.now();
      let outcome: BuildOutcome;
      try {
        const edition = await this.#build(changes);
        this.#edition = edition;
        this.#version++;
        this.#buildMs = Math.round(performance.now() - started);
        this.#builtAt = this.#clock().toISOString();
        this.#failure = null;
        this.#status = "ready";
        outcome = { ok: true, ms: this.#buildMs, mode: edition.mode };
        this.#checkSpam(edition, this.#version);
      } catch (error) {
        this.#failure = describeFailure(error);
        this.#status = "failed";
        outcome = { ok: false, ms: Math.round(performance.now() - started), failure: this.#failure };
        if (this.#failure.unexpected) outcome.error = error;
      }
      this.#emit();
      for (const listener of this.#outcomeListeners) listener(outcome);
    }
  }

  /**
   * Starts the spam check of a new edition without waiting for it; its verdict is
   * shown when it comes, unless a newer edition has replaced this one meanwhile.
   */
  #checkSpam(edition: PreviewEdition, version: number): void {
    this.#spam = { status: "pending" };
    const run = edition
      .spamCheck()
      .catch((error: unknown): SpamCheck => ({ status: "failed", reason: error instanceof Error ? error.message : String(error) }))
      .then((check) => {
        if (this.#version !== version) return;
        this.#spam = check;
        this.#emit();
      });
    this.#spamRun = run;
    void run.finally(() => {
      if (this.#spamRun === run) this.#spamRun = null;
    });
  }

  #emit(): void {
    const state = this.state();
    for (const listener of this.#listeners) listener(state);
  }
}
