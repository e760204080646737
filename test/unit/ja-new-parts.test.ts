import { describe, expect, it } from 'vitest';
import { load } from '../../src/ui/messages/index.js';
import { PRICES } from '../../src/lab/core/cost.js';

const ja = await load('ja');

/**
 * Issue 29 for the parts this turn added (leftovers, destroy --vpc): a price is said through the
 * catalog's perHour/perMonth (as AWS's Japanese pages write it), never `$…/時間 ≈ …`, and what
 * goes away takes the console's verb.
 */
describe('the new Japanese parts say prices and verbs as the console does', () => {
  const hourly = ja.perHour(0.062);
  const monthly = ja.perMonth(45.26);

  it('leftovers and destroy --vpc put the price entries side by side, with no $ or ≈', () => {
    const lines = [
      ja.left_total(hourly, monthly, 4),
      ja.left_groupCost(hourly, monthly),
      ja.left_classTotal(hourly, monthly, 2),
      ja.teardown_stops(hourly, monthly),
    ];
    for (const line of lines) {
      expect(line).toContain('0.0620 USD/時間 (月額 約 45.26 USD)');
      expect(line).not.toMatch(/[$≈]/);
    }
    expect(ja.left_total(hourly, monthly, 4)).toBe('まだ発生している料金 (4 グループ): 0.0620 USD/時間 (月額 約 45.26 USD)');
    expect(ja.teardown_price(ja.perHour(0.045))).toBe('0.0450 USD/時間');
    expect(ja.teardown_leftIdle('eipalloc-1', '3.3.3.3', ja.perHour(0.005))).toContain('0.0050 USD/時間 の料金が発生します。--also-delete eipalloc-1 を指定すると一緒に解放します。');
  });

  it('the public IPv4 price in the notes is the price table’s, said by perHour', () => {
    const said = ja.perHour(PRICES['us-east-1']!.ipv4Hour);
    for (const line of [ja.left_pricesApi, ja.left_pricesTable('2025-06-01', undefined), ja.left_pricesBoth('2025-06-01')]) {
      expect(line).toContain(`パブリック IPv4 アドレスの料金は、どのリージョンでも ${said}です。`);
    }
  });

  it('a NAT teardown deletes the NAT and releases its Elastic IP address', () => {
    expect(ja.teardown_natDone(3, 'vpc-1')).toBe('VPC vpc-1 の NAT を削除し、その Elastic IP アドレスを解放しました (3 個のリソース)。');
    expect(ja.help_destroyVpc).toContain('インスタンスは終了し、Elastic IP アドレスは解放します');
  });
});

/** States the leftovers' resources can be found in, as EC2 answers them. */
const FOUND_STATES = ['pending', 'available', 'deleting', 'failed', 'running', 'stopping', 'stopped'];

describe('leftovers say AWS\'s state in Japanese', () => {
  it('a NAT gateway\'s and an instance\'s state are the console\'s word, never the raw value', () => {
    for (const state of FOUND_STATES) {
      for (const line of [ja.left_natGateway('nat-1', state), ja.left_instance('i-1', 't3.micro', state, undefined, false)]) {
        expect(line).toContain(`状態は${ja.awsState(state)}です`);
        expect(line).not.toContain(state);
      }
    }
  });
});
