/** Faults a test injects: failNext() (before or after the call is served) and throttle() (every Nth call refused). */
import type { FailNextOptions } from './api.js';

export interface Fault {
  name: string;
  error: Error | (() => Error);
  afterServe: boolean;
  remaining: number;
}

/** failNext() queue and throttle() counter. */
export class Faults {
  private queue: Fault[] = [];
  private throttling?: { every: number; names?: Set<string>; count: number; refused: Set<string> };

  add(name: string, error: Error | (() => Error), opts: FailNextOptions = {}): void {
    this.queue.push({ name, error, afterServe: opts.afterServe ?? false, remaining: opts.times ?? 1 });
  }

  setThrottle(opts: { every: number; names?: string[] }): void {
    this.throttling = opts.every > 0 ? { every: opts.every, names: opts.names && new Set(opts.names), count: 0, refused: new Set() } : undefined;
  }

  /** The first queued fault for `name` fires if its timing (before/after serving) matches. */
  take(name: string, afterServe: boolean): Error | undefined {
    const f = this.queue.find((x) => x.name === name);
    if (!f || f.afterServe !== afterServe) return undefined;
    if (--f.remaining <= 0) this.queue.splice(this.queue.indexOf(f), 1);
    return typeof f.error === 'function' ? f.error() : f.error;
  }

  throttled(name: string, input: unknown): boolean {
    const t = this.throttling;
    if (!t || (t.names && !t.names.has(name))) return false;
    t.count += 1;
    const request = `${name} ${JSON.stringify(input ?? {})}`;
    if (t.count % t.every !== 0 || t.refused.has(request)) {
      t.refused.delete(request);
      return false;
    }
    t.refused.add(request);
    return true;
  }
}
