import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour and animation only for a person at a terminal: not when the stream is piped,
 * not with NO_COLOR (chalk ignores it by itself), not with TERM=dumb.
 */
export function fancy(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export const SYMBOLS = {
  done: '✔',
  fail: '✖',
  warn: '!',
  create: '+',
  update: '~',
  keep: '=',
  replace: '!',
  delete: '-',
  absent: ' ',
  later: '.',
} as const;
