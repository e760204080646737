/**
 * An http:// endpoint off this machine is warned about in one line (issue 25, item 7;
 * security review finding 15); loopback (the README's moto) and https say nothing.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { endpointInClear, isLoopback, warnEndpointInClear } from '../../src/cli/session.js';
import { Reporter } from '../../src/ui/reporter.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('endpointInClear', () => {
  it('names a plain-http endpoint off this machine, from the flag or AWS_ENDPOINT_URL(_S3)', () => {
    expect(endpointInClear({ endpointUrl: 'http://10.1.2.3:5000' }, {})).toBe('http://10.1.2.3:5000');
    expect(endpointInClear({ endpointUrl: 'http://moto.internal:5000' }, {})).toBe('http://moto.internal:5000');
    expect(endpointInClear({}, { AWS_ENDPOINT_URL: 'http://192.0.2.9' })).toBe('http://192.0.2.9');
    expect(endpointInClear({ endpointUrl: 'http://127.0.0.1:5000' }, { AWS_ENDPOINT_URL_S3: 'http://s3.example.com' })).toBe('http://s3.example.com');
  });

  it('says nothing of loopback (the README\'s moto on 127.0.0.1), of https, or of no endpoint', () => {
    for (const url of ['http://127.0.0.1:5000', 'http://localhost:4566', 'http://[::1]:5000', 'http://127.8.9.10', 'https://10.1.2.3:5000', 'https://ec2.us-east-1.amazonaws.com']) {
      expect(endpointInClear({ endpointUrl: url }, {}), url).toBeUndefined();
    }
    expect(endpointInClear({}, {})).toBeUndefined();
    // The flag wins over AWS_ENDPOINT_URL, as the SDK's order has it.
    expect(endpointInClear({ endpointUrl: 'http://127.0.0.1:5000' }, { AWS_ENDPOINT_URL: 'http://10.0.0.1' })).toBeUndefined();
  });

  it('loopback is the machine itself, not a name that merely starts like it', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopback('localhost.example.com')).toBe(false);
  });
});

describe('warnEndpointInClear', () => {
  const said = (url: string | undefined) => {
    const out = new Sink();
    const err = new Sink();
    warnEndpointInClear({ endpointUrl: url }, new Reporter('plain', out, err), {});
    return out.text + err.text;
  };

  it('says one line naming the endpoint and that keys would travel in clear', () => {
    const text = said('http://10.1.2.3:5000');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toContain('http://10.1.2.3:5000');
    expect(text).toMatch(/in clear/);
  });

  it('says nothing on loopback', () => {
    expect(said('http://127.0.0.1:5000')).toBe('');
  });
});
