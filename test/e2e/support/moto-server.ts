import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// moto_server on a free loopback port; no vitest here, so `npm run bench` can start one too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Moto {
  url: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Start moto_server on a free loopback port. Its absence fails the suite: an end-to-end
 * run that quietly skipped would prove nothing.
 */
export async function startMoto(): Promise<Moto> {
  const which = spawnSync('sh', ['-c', 'command -v moto_server']);
  if (which.status !== 0) {
    throw new Error("moto_server is not installed: run `pip install 'moto[server]'` (the end-to-end tests need it)");
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    // Its request log goes to a file, not a pipe: a caller that blocks (spawnSync in the
    // bench) would leave a pipe undrained, and moto would stall once it filled.
    const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'moto-')), 'stderr.log');
    const log = openSync(logFile, 'w');
    const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', log] });
    closeSync(log);
    const stderr = () => readFileSync(logFile, 'utf8');
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, child);
    if (!ready) {
      child.kill('SIGKILL');
      if (attempt === 2) throw new Error(`moto_server did not start: ${stderr().slice(-500)}`);
      continue;
    }
    return {
      url,
      reset: async () => {
        await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      },
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  throw new Error('unreachable');
}

async function waitReady(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}
