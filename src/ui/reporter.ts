import type { ChalkInstance } from 'chalk';
import type { Ora } from 'ora';
import { translate } from '../aws/errors.js';
import type { LabError, Words } from '../engine/errors.js';
import type { Outcome, StepEvents } from '../engine/resource.js';
import { msg, say } from './messages/index.js';
import { removalOf } from './messages/figures.js';
import { fancy, makeChalk, SYMBOLS } from './style.js';
import { truncate } from './width.js';
import { columnsOf, fitLines, hang, layOutFor, screenColumns } from './wrap.js';

export type OutputMode = 'fancy' | 'plain' | 'json';

interface Running {
  label: string;
  progress?: string;
  startedAt: number;
}

/** A step's outcome in words: "created", "already there", … */
/** A step's outcome; a resource gone says how it went (terminated, released, …) by its ID. */
export const outcomeWord = (o: Outcome, id?: string): string => (o === 'deleted' ? msg().outcome_removed(removalOf(id)) : msg()[`outcome_${o}`]);

/** A failed step's one-line reason, in the run's language: an AWS or Node error becomes its sentence (aws/errors.ts), as the run's last line will. */
export function failureReason(err: unknown): string {
  return sayError(translate(err)).message.split('\n')[0];
}

/** An error's reason and next step: from the catalog when the error names them, else its own English text. */
export function sayError(err: LabError): { message: string; hint?: string } {
  return { message: say(err.words.message), hint: err.words.hint && say(err.words.hint) };
}

/**
 * Everything a person sees goes through here: progress and messages to stderr, results
 * to stdout. At a terminal one ora spinner shows every step in flight (several run at
 * once); elsewhere each event is one plain line, with no escape codes.
 */
export class Reporter implements StepEvents {
  readonly c: ChalkInstance;
  private running = new Map<string, Running>();
  private spinner?: Ora;
  private ticker?: NodeJS.Timeout;
  readonly debug: boolean;

  constructor(
    readonly mode: OutputMode,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
    opts: { debug?: boolean } = {},
  ) {
    this.c = makeChalk(mode === 'fancy');
    this.debug = opts.debug ?? false;
  }

  static forProcess(opts: { json?: boolean; debug?: boolean }): Reporter {
    // Animation and colour only when a person watches both streams: output piped to a
    // file or another program gets plain lines.
    const mode: OutputMode = opts.json ? 'json' : fancy(process.stderr) && fancy(process.stdout) ? 'fancy' : 'plain';
    layOutFor([process.stdout, process.stderr]);
    return new Reporter(mode, process.stdout, process.stderr, { debug: opts.debug });
  }

  /** Load ora only when there is something to animate. */
  async prepare(): Promise<void> {
    if (this.mode !== 'fancy' || this.spinner) return;
    const { default: ora } = await import('ora');
    this.spinner = ora({ stream: process.stderr, discardStdin: false });
  }

  // --- messages -------------------------------------------------------------------

  /** A line for the person (stderr). */
  /** A line (or lines) for the person, on stderr: at a terminal, those wider than it wrapped under their own indent. */
  info(text: string): void {
    const stream = this.err as NodeJS.WriteStream;
    this.above(`${stream.isTTY ? fitLines(text, Math.min(screenColumns(), columnsOf(stream))) : text}\n`);
  }

  warn(text: string): void {
    this.above(`${this.fit(`${SYMBOLS.warn} ${text}`, '  ').map((l) => this.c.yellow(l)).join('\n')}\n`);
  }

  /**
   * At a terminal, a line wrapped by the tool at its width (at most 80), the lines after the
   * first indented by `rest`: the terminal would break it anywhere (a word, an ID). Piped
   * output keeps its lines whole, for the programs that read it.
   */
  private fit(text: string, rest: string): string[] {
    const stream = this.err as NodeJS.WriteStream;
    return stream.isTTY ? hang(text, columnsOf(stream), '', rest) : [text];
  }

  /**
   * The result of the command (stdout): what a script would capture. At a terminal, a line
   * wider than the screen is wrapped under its own indent (ui/wrap.ts fitLines); `whole`
   * (a file's content: the SVG) is written as it is.
   */
  result(text: string, opts: { whole?: boolean } = {}): void {
    const stream = this.out as NodeJS.WriteStream;
    const shown = !opts.whole && stream.isTTY ? fitLines(text, Math.min(screenColumns(), columnsOf(stream))) : text;
    this.out.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  }

  /**
   * The command's --json document, of the type declared beside the command (CheckJson in
   * cli/commands/check.ts, …): `reporter.json<CheckJson>({ … })`. The type must be named —
   * a call without one does not compile — so a document and its type cannot drift apart.
   */
  json<T extends { ok: boolean } = never>(doc: NoInfer<T>): void {
    this.out.write(`${JSON.stringify(doc, null, 2)}\n`);
  }

  /** One line of reason, one of next step; the stack only with --debug. */
  error(err: LabError): void {
    this.stopSpinner();
    const { message, hint } = sayError(err);
    this.err.write(`${this.fit(`${SYMBOLS.fail} ${message}`, '  ').map((l) => this.c.red(l)).join('\n')}\n`);
    if (hint) this.err.write(`${this.fit(`  ${this.c.dim(msg().next)} ${hint}`, '    ').join('\n')}\n`);
    if (this.debug) {
      const requestId = (err as { requestId?: string }).requestId;
      if (requestId) this.err.write(`${msg().requestId(requestId)}\n`);
      const cause = err.cause instanceof Error ? err.cause : err;
      this.err.write(`${cause.stack ?? String(cause)}\n`);
    }
  }

  // --- step events (from the engine) ----------------------------------------------

  /** A step starts: the engine names it by its label's words; a wait of a command's own, by a line ui/ has said already. */
  started(key: string, label: Words | string): void {
    const said = typeof label === 'string' ? label : say(label);
    this.running.set(key, { label: said, startedAt: Date.now() });
    if (this.mode === 'fancy') this.redraw();
    else this.line(this.fit(`${msg().mark_started} ${said}`, '  ').join('\n'));
  }

  /** A step's note, by message key (the engine's and the lab's), or a line ui/ has said already. */
  progress(key: string, note: Words | string): void {
    const r = this.running.get(key);
    if (!r) return;
    const text = typeof note === 'string' ? note : say(note);
    r.progress = text;
    if (this.mode === 'fancy') this.redraw();
    else this.line(this.fit(`  ${r.label}: ${text}${msg().progress_elapsed(Math.round((Date.now() - r.startedAt) / 1000))}`, '    ').join('\n'));
  }

  finished(key: string, outcome: Outcome, detail: string, ms: number): void {
    const r = this.running.get(key);
    this.running.delete(key);
    const label = r?.label ?? key;
    const time = ms >= 1000 ? ` ${this.c.dim(msg().progress_took((ms / 1000).toFixed(1)))}` : '';
    const mark = outcome === 'kept' ? this.c.dim(SYMBOLS.done) : this.c.green(SYMBOLS.done);
    this.above(`${this.fit(`${mark} ${msg().line_then(`${label} ${this.c.dim(detail)}`, outcomeWord(outcome, detail))}${time}`, '  ').join('\n')}\n`);
  }

  /** A wait of the command's own (not a step of the engine) is over: its line replaces the progress. */
  settled(key: string, text: string): void {
    this.running.delete(key);
    this.above(`${text}\n`);
  }

  failed(key: string, err: unknown): void {
    const r = this.running.get(key);
    this.running.delete(key);
    this.above(`${this.fit(`${this.c.red(SYMBOLS.fail)} ${r?.label ?? key}: ${failureReason(err)}`, '  ').join('\n')}\n`);
  }

  /** Stop animating (before prompting, or at the end). */
  stopSpinner(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.spinner?.stop();
  }

  // --- drawing ----------------------------------------------------------------------

  private line(text: string): void {
    this.err.write(`${text}\n`);
  }

  /** Print a permanent line above the spinner, then let the spinner carry on. */
  private above(text: string): void {
    if (this.spinner?.isSpinning) {
      this.spinner.clear();
      this.err.write(text);
      this.redraw();
    } else {
      this.err.write(text);
      if (this.mode === 'fancy' && this.running.size) this.redraw();
    }
  }

  private redraw(): void {
    if (!this.spinner) return;
    if (this.running.size === 0) {
      this.stopSpinner();
      return;
    }
    const now = Date.now();
    // ora animates the first line; every other step in flight gets a spinner of its own
    // from the same frames, so each running step visibly spins.
    const { frames, interval = 80 } = this.spinner.spinner;
    const frame = this.c.cyan(frames[Math.floor(now / interval) % frames.length]);
    // More lines in flight than the terminal has rows (a class of thirty): one summary line.
    const rows = (this.err as NodeJS.WriteStream).rows ?? 24;
    if (this.running.size > rows - 2) {
      const names = [...this.running.values()].map((r) => r.label);
      const columns = (this.err as NodeJS.WriteStream).columns ?? 80;
      const line = msg().inFlight(this.running.size, names);
      this.spinner.text = truncate(line, columns - 4);
      if (!this.spinner.isSpinning) this.spinner.start();
      this.ticker ??= setInterval(() => this.redraw(), interval);
      this.ticker.unref?.();
      return;
    }
    this.spinner.text = [...this.running.values()]
      .map((r, i) => {
        const secs = Math.round((now - r.startedAt) / 1000);
        const text = `${r.progress ? msg().line_then(r.label, this.c.dim(r.progress)) : r.label}${secs >= 2 ? this.c.dim(msg().progress_elapsed(secs)) : ''}`;
        return i === 0 ? text : `${frame} ${text}`;
      })
      .join('\n');
    if (!this.spinner.isSpinning) this.spinner.start();
    // Frames and elapsed seconds keep moving even when no event arrives.
    this.ticker ??= setInterval(() => this.redraw(), interval);
    this.ticker.unref?.();
  }
}
