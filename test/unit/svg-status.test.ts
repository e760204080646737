/**
 * `status --svg FILE` on a lab built on the fake EC2: the picture in a file beside the
 * usual status, or alone on stdout (`-`); a place it cannot write refused before AWS is
 * asked; a lab without a VPC draws nothing and says so.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusCommand, type StatusFlags } from '../../src/cli/commands/status.js';
import { UsageError } from '../../src/engine/errors.js';
import { createHarness, type Harness } from '../support/drive.js';

describe('status --svg', () => {
  let h: Harness;
  let sent: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'status-svg-'));

  beforeEach(() => {
    sent = [];
    h = createHarness({ onSend: (name) => sent.push(name) });
  });
  afterEach(() => h.close());

  /** What status wrote to stdout; stderr's new lines in `told`. */
  let told = '';
  async function status(flags: Partial<StatusFlags>): Promise<string> {
    const [out, err] = [h.stdout().length, h.stderr().length];
    sent.length = 0;
    await statusCommand({ stateDir: h.stateDir, ...flags }, h.reporter, h.deps);
    told = h.stderr().slice(err);
    return h.stdout().slice(out);
  }

  it('FILE: the picture of the lab in the file, and the usual status besides', async () => {
    await h.up();
    const json = JSON.parse((await status({ json: true })).trim());
    const file = path.join(dir, 'lab.svg');
    const said = await status({ svg: file });
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(`data-id="${json.topology.vpc.id}"`);
    expect(svg).toContain(`data-id="${json.topology.servers.db.id}"`);
    expect(told).toContain(`picture written to ${file}`);
    expect(said).toContain('VPC 10.0.0.0/16');
  });

  it('-: the SVG alone on stdout', async () => {
    await h.up({ until: 'web' });
    const out = await status({ svg: '-' });
    expect(out.startsWith('<svg ')).toBe(true);
    expect(out.trimEnd().endsWith('</svg>')).toBe(true);
    expect(out.match(/<svg /g)).toHaveLength(1);
    expect(told).toBe('');
  });

  it('refused before AWS is asked: - beside --json (both are stdout), a file in a folder that is not there', async () => {
    await h.up();
    for (const flags of [{ svg: '-', json: true }, { svg: path.join(dir, 'no-such-folder', 'lab.svg') }]) {
      await expect(status(flags)).rejects.toBeInstanceOf(UsageError);
      expect(sent).toEqual([]);
    }
  });

  it('no lab: no picture, and it says so', async () => {
    const file = path.join(dir, 'none.svg');
    await status({ svg: file });
    expect(told).toContain('no picture: the lab has no VPC yet');
    expect(() => readFileSync(file)).toThrow();
  });
});
