import type { Clock } from './clock.js';
import type { Words } from './errors.js';
import type { Finding } from './finding.js';
import type { StateStore } from './state.js';

/** What the engine knows of a resource that exists: its ID and whatever later steps need. */
export interface Live {
  id: string;
  state?: string;
  /** On its way out (an instance shutting down, a NAT deleting): `up` makes a new one. */
  leaving?: boolean;
  attrs: Record<string, string | undefined>;
}

/**
 * Handed to each step so that it can say what it is doing and what it changed: by
 * message key and values (Words), which ui/ says in the run's language.
 */
export interface StepHandle {
  progress(words: Words): void;
  changed(words: Words): void;
}

export type Outcome = 'created' | 'kept' | 'updated' | 'deleted' | 'absent' | 'skipped';

/** Everything a person sees of a run goes through this (implemented in ui/). */
export interface StepEvents {
  /** `label`: the resource's label (Resource.label), said by ui/. */
  started(key: string, label: Words): void;
  progress(key: string, words: Words): void;
  finished(key: string, outcome: Outcome, detail: string, ms: number): void;
  failed(key: string, err: unknown): void;
}

/**
 * What the engine needs to know of a cloud's errors, without knowing their codes: the
 * cloud's module (aws/errors.ts) provides it.
 */
export interface ErrorClassifier {
  /** The error's code, for messages ("InvalidVpcID.NotFound"). */
  code(err: unknown): string;
  /** The thing named is not there (or not visible yet). */
  isNotFound(err: unknown): boolean;
  /** Something still uses it: try again once that lets go. */
  isDependencyViolation(err: unknown): boolean;
  /** Throttling, a 5xx, a dropped connection: worth asking again. */
  isTransient(err: unknown): boolean;
}

export interface EngineContext {
  state: StateStore;
  errors: ErrorClassifier;
  clock: Clock;
  /** Aborted on Ctrl-C or on the first failure: no new step starts after it. */
  signal: AbortSignal;
  events: StepEvents;
  /** Resources found or made so far in this run, by key. */
  live: Map<string, Live>;
  /** Forget cached look-ups, so that the next find asks AWS again. */
  refresh(): void;
  /**
   * Look, never touch: `up` and `down` find every resource and report what they would do
   * (StepResult.wouldDo), and never call create, converge or delete, nor write the state.
   * For labs the tool does not own (a VPC built by hand).
   */
  verifyOnly?: boolean;
}

/**
 * One resource of the lab, declared once: the engine derives creation order, parallelism,
 * the plan and teardown order from `dependsOn`.
 */
export interface Resource<C extends EngineContext = EngineContext> {
  key: string;
  kind: string;
  chapter: number;
  dependsOn: readonly string[];
  /** Part of the hourly-billed NAT set that `destroy --nat-only` removes. */
  natPart?: boolean;
  /**
   * About how long AWS takes to make it usable after the create (a NAT gateway's minute):
   * when many labs share an account's token buckets, the calls that lead to long waits go
   * first (see stepUrgency). Absent: a call or two.
   */
  settleMs?: number;
  /**
   * Every IAM action its find/create/converge/delete can call ("ec2:CreateVpc"): the
   * `policy` command and the permission preflight are derived from these.
   */
  actions: readonly string[];
  /**
   * Whether the lab has it with these settings (default: always). `up` builds the wanted
   * ones and then removes found-but-unwanted ones; discovery and `destroy` cover all.
   */
  wanted?(ctx: C): boolean;
  /** For the plan, when it is found but not wanted: the key of the resource that takes its place. */
  replacedBy?: string;
  /**
   * One line for the plan and progress, by message key and values (ui/ says it; --json
   * in English): ['res_vpc', '10.0.0.0/16'] for "VPC 10.0.0.0/16".
   */
  label(ctx: C): Words;
  /** Look for it (state ID, else tags). Parents are in ctx.live when they exist. */
  find(ctx: C): Promise<Live | undefined>;
  /**
   * The look-ups its create needs (a zone, an image), made before anything is created:
   * a failure there stops the run with nothing made, and the create finds them ready.
   * Called only when it is to be created.
   */
  prepare?(ctx: C): Promise<unknown>;
  /** Make it. Called only when find found nothing. */
  create(ctx: C, step: StepHandle): Promise<Live>;
  /** Bring an existing one to the desired shape and wait until it is usable. */
  converge?(ctx: C, live: Live, step: StepHandle): Promise<Live>;
  /**
   * How it differs from what the lab wants, as failed findings (engine/finding.ts): those
   * converge puts right (fixable, the plan's "update") and those it cannot (fixable false:
   * a VPC's CIDR, and `up` refuses to go on). [] when it is as wanted.
   */
  check?(ctx: C, live: Live): Finding[];
  /** Remove it, and wait until it is gone if others wait on that. NotFound counts as done. */
  delete(ctx: C, live: Live, step: StepHandle): Promise<void>;
}
