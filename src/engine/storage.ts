import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * An AsyncLocalStorage that stops costing once nothing runs in it. Once used, one keeps
 * Node 20's promise hooks on for every promise of the process until disabled (a class
 * check's learner paid ~1 ms of CPU for them): the runs `using` it are counted, and the
 * last to end disables it. A `run` after that enables it again, as AsyncLocalStorage does.
 */
export class RunStorage<T> {
  private readonly storage = new AsyncLocalStorage<T>();
  private users = 0;

  getStore(): T | undefined {
    return this.storage.getStore();
  }

  /** `fn` with `value` as the store. */
  run<R>(value: T, fn: () => Promise<R>): Promise<R> {
    return this.storage.run(value, fn);
  }

  /** `fn` counted as using the storage: when the last such ends, the storage is disabled. */
  async using<R>(fn: () => Promise<R>): Promise<R> {
    this.users++;
    try {
      return await fn();
    } finally {
      if (--this.users === 0) this.storage.disable();
    }
  }
}
