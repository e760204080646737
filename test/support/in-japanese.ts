import { useLang } from '../../src/ui/messages/index.js';

/** Run `f` with Japanese as the run's language, English again after (whatever `f` does). */
export async function inJapanese<T>(f: () => T): Promise<T> {
  await useLang('ja');
  try {
    return f();
  } finally {
    await useLang('en');
  }
}
