/**
 * Look-ups remembered by key until `clear`: everyone who asks while one is under way shares
 * its answer. A failed look-up is not remembered: the next ask makes it again.
 */
export class Memo {
  private answers = new Map<string, Promise<unknown>>();

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.answers.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.answers.set(key, p);
      p.catch(() => this.answers.delete(key));
    }
    return p;
  }

  clear(): void {
    this.answers.clear();
  }
}
