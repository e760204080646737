/**
 * destroy --vpc's items in Japanese (issue 29 item 6): the AWS values in an item's detail said
 * as the Japanese console says them — a NAT gateway's connectivity type, an interface's
 * ordinary type left unsaid and its description quoted — other values as AWS gives them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { load, msg } from '../../src/ui/messages/index.js';
import { englishWords } from '../support/english.js';

describe('teardown_item in Japanese', () => {
  beforeAll(() => load('ja'));
  const item = (...a: Parameters<ReturnType<typeof msg>['teardown_item']>) => msg('ja').teardown_item(...a);

  it('a NAT gateway: public or private as the console says it, the address kept', () => {
    expect(item('natGateway', 'nat-0abc', undefined, 'public, 203.0.113.5')).toBe('NAT ゲートウェイ nat-0abc (パブリック, 203.0.113.5)');
    expect(item('natGateway', 'nat-0abc', 'my-nat', 'private')).toBe('NAT ゲートウェイ nat-0abc 「my-nat」 (プライベート)');
  });

  it('an interface: its ordinary type unsaid, its description quoted; another type as AWS names it', () => {
    expect(item('networkInterface', 'eni-0abc', undefined, 'interface: spare one')).toBe('ネットワークインターフェイス eni-0abc (説明「spare one」)');
    expect(item('networkInterface', 'eni-0abc', undefined, 'interface')).toBe('ネットワークインターフェイス eni-0abc');
    expect(item('networkInterface', 'eni-0abc', undefined, 'nat_gateway: Interface for NAT Gateway nat-0abc')).toMatch(/^ネットワークインターフェイス eni-0abc \(nat_gateway、説明「Interface for NAT Gateway nat-0abc」\)$/);
  });

  it('other kinds: the detail as it is (an instance type, a CIDR)', () => {
    expect(item('instance', 'i-0abc', 'web', 't3.micro')).toBe('インスタンス i-0abc 「web」 (t3.micro)');
    expect(englishWords(item('subnet', 'subnet-0abc', undefined, '10.0.1.0/24'))).toEqual([]);
  });
});
