import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import { msg } from '../ui/messages/index.js';
import type { Reporter } from '../ui/reporter.js';

/** The flags of a command that can draw the lab (`status --svg`, `check --svg`). */
export interface SvgFlags {
  /** Write the picture (SVG) to this file; `-`: to stdout, alone. */
  svg?: string;
  json?: boolean;
}

/**
 * `--svg`: one place for the picture, checked before AWS is asked: stdout (not beside
 * --json, which is stdout too) or a file in a folder that is there.
 */
export async function checkSvgTarget(flags: SvgFlags): Promise<void> {
  const file = flags.svg;
  if (file === undefined) return;
  if (file === '-') {
    if (flags.json) throw new UsageError(['err_svgWithJson'], ['hint_svgWithJson']);
    return;
  }
  const dir = path.dirname(path.resolve(file));
  const isDir = await fs.stat(dir).then((st) => st.isDirectory(), () => false);
  if (!file || !isDir) throw new UsageError(['err_svgFolder', dir], ['hint_svgFolder']);
}

/**
 * The picture where `--svg` said; undefined (nothing drawn) warns that there is no VPC.
 * True when it went to stdout alone: the command then says nothing else there.
 */
export async function writeSvg(flags: SvgFlags, svg: string | undefined, reporter: Reporter): Promise<boolean> {
  if (flags.svg === undefined) return false;
  if (!svg) {
    reporter.warn(msg().pic_noVpc);
    return false;
  }
  if (flags.svg === '-') {
    reporter.result(svg, { whole: true });
    return true;
  }
  await fs.writeFile(flags.svg, svg);
  reporter.info(msg().pic_written(flags.svg));
  return false;
}
