import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stand-in for ssh (AWS_LAB_SETUP_SSH): answers as the lab's servers would (ping received,
 * MariaDB `mariadb`, HTTPS out 200) and logs its arguments, one JSON array a line.
 */
export function fakeSsh(dir: string, opts: { mariadb?: string } = {}): { bin: string; log: string } {
  const bin = path.join(dir, 'fake-ssh');
  const log = path.join(dir, 'ssh-args.jsonl');
  writeFileSync(
    bin,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
if (args.includes('ping')) console.log('1 packets transmitted, 1 received, 0% packet loss');
else if (args.includes('systemctl')) console.log(${JSON.stringify(opts.mariadb ?? 'active')});
else if (args.includes('curl')) console.log('200');
`,
  );
  chmodSync(bin, 0o755);
  return { bin, log };
}

/** What the stand-in was asked, call by call. */
export function sshCalls(log: string): string[][] {
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
}
