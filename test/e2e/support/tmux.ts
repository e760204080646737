import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, tempDir } from './cli.js';

/**
 * The CLI in a real terminal: tmux runs it, send-keys types, capture-pane reads the
 * screen. For what only a terminal shows — prompts, spinners, colour, Ctrl-C.
 */
export interface Terminal {
  type(...keys: string[]): void;
  /** The screen as text (with escape codes when `ansi`). */
  screen(ansi?: boolean): string;
  /** The screen with the lines the terminal wrapped joined back: what the CLI wrote, line by line. */
  joined(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves to the CLI's exit code once it has ended. */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

export function requireTmux(): void {
  if (spawnSync('sh', ['-c', 'command -v tmux']).status !== 0) {
    throw new Error('tmux is not installed: `apt-get install tmux` (the terminal tests need it)');
  }
}

let sessions = 0;

export function openTerminal(args: string[], opts: { cwd: string; env: Record<string, string>; columns?: number }): Terminal {
  requireTmux();
  const name = `lab-e2e-${process.pid}-${++sessions}`;
  const exitFile = path.join(tempDir('tty-'), 'exit');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const envs = Object.entries(opts.env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const command = `cd ${quote(opts.cwd)} && env -i ${envs} ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}; echo $? > ${quote(exitFile)}; sleep 600`;
  execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(opts.columns ?? 160), '-y', '50', command]);
  const screen = (ansi = false) => execFileSync('tmux', ['capture-pane', '-p', ...(ansi ? ['-e'] : []), '-S', '-200', '-t', name], { encoding: 'utf8' });
  const joined = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-200', '-t', name], { encoding: 'utf8' });
  const until = async <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    type: (...keys) => execFileSync('tmux', ['send-keys', '-t', name, ...keys]),
    screen,
    joined,
    waitFor: (pattern, timeoutMs = 20_000) => until(() => (pattern.test(screen()) ? screen() : undefined), timeoutMs, String(pattern)),
    exitCode: (timeoutMs = 30_000) =>
      until(() => (existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() ? Number(readFileSync(exitFile, 'utf8')) : undefined), timeoutMs, 'the CLI to exit'),
    close: () => {
      spawnSync('tmux', ['kill-session', '-t', name]);
    },
  };
}
