import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/aws-lab-setup.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'lab-e2e-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A loopback stand-in for the lab's web page, answering 200 at once: `up` ends by waiting
 * for the page (AWS_LAB_SETUP_WEB_URL), and the emulator's instances have a made-up public
 * name that no test may look up. Tests of the wait itself start stand-ins of their own.
 */
async function pageStandIn(): Promise<string> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>stand-in</h1>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
}
export const PAGE_URL = await pageStandIn();

/**
 * The environment of a user with credentials and a region, pointed at the emulator.
 * The IP look-up goes to a closed loopback port and the web page to a loopback stand-in:
 * no test reaches outside this machine.
 */
export function labEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_LAB_SETUP_IP_URL: 'http://127.0.0.1:9/',
    AWS_LAB_SETUP_WEB_URL: PAGE_URL,
    // Never let the SDK look for credentials on the instance-metadata address.
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    // The test account's raised VPC quota (see useMoto): many labs share one moto_server.
    AWS_LAB_SETUP_VPC_QUOTA: '1000',
    ...extra,
  };
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  input?: string;
  /** Kill the CLI as soon as its stderr matches. */
  killWhen?: RegExp;
  /** With which signal (default SIGKILL: a crash; SIGINT is Ctrl-C). */
  killWith?: NodeJS.Signals;
  timeoutMs?: number;
  /** Handed the child process once started (a test may kill it on a proxy event). */
  onStart?: (child: ChildProcess) => void;
  /** Another copy of the CLI to run (default: this repo's bin/aws-lab-setup.js). */
  bin?: string;
}

/**
 * Time for an `up` right after a SIGKILL: a token-less create (CreateVpc, CreateSubnet,
 * AllocateAddress...) the kill caught between noting it and sending it cannot be told from
 * one whose answer was lost, so the rerun may look for it for up to two minutes
 * (RECENT_CREATE in engine/graph.ts) before it makes one. Tests give it that and more.
 */
export const AFTER_KILL_MS = 170_000;

/** Run the built CLI as a user would: a child process with no terminal. */
export function runCli(args: string[], opts: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { cwd: opts.cwd, env: opts.env ?? labEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    opts.onStart?.(child);
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (opts.killWhen && opts.killWhen.test(stderr) && !killed) {
        killed = true;
        child.kill(opts.killWith ?? 'SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
