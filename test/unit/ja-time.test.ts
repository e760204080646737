import { afterEach, describe, expect, it } from 'vitest';
import { clockTimeIn, localTime, machineZone, zoneName } from '../../src/ui/time.js';
import { handoutText } from '../../src/ui/handout.js';
import { load } from '../../src/ui/messages/index.js';

const ja = await load('ja');
const AT = '2026-12-07T03:51:00.000Z';

describe('times in the machine\'s time zone, with its name, beside UTC (issue 29)', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('says a Japanese learner\'s time as JST with UTC beside it', () => {
    expect(localTime(AT, 'Asia/Tokyo')).toBe('2026-12-07 12:51 JST (03:51 UTC)');
    // UTC's own date when it is another day there.
    expect(localTime('2026-12-06T19:56:34.857Z', 'Asia/Tokyo')).toBe('2026-12-07 04:56 JST (2026-12-06 19:56 UTC)');
  });

  it('on a machine set to UTC, says UTC once', () => {
    expect(localTime(AT, 'UTC')).toBe('2026-12-07 03:51 UTC');
    expect(localTime(AT, 'Etc/UTC')).toBe('2026-12-07 03:51 UTC');
  });

  it('names other zones by their abbreviation, or by their offset where they have none', () => {
    expect(localTime(AT, 'America/New_York')).toBe('2026-12-06 22:51 EST (2026-12-07 03:51 UTC)');
    expect(zoneName(new Date(AT), 'Europe/Berlin')).toBe('CET');
    expect(localTime(AT, 'Asia/Kolkata')).toBe('2026-12-07 09:21 UTC+5:30 (03:51 UTC)');
  });

  it('leaves what is not a time as it is (a lock record without a start)', () => {
    expect(localTime('unknown', 'Asia/Tokyo')).toBe('unknown');
  });

  it('drops the date of a time that is today where the machine is', () => {
    const now = Date.parse('2026-12-07T01:00:00Z');
    expect(clockTimeIn(AT, now, 'Asia/Tokyo')).toBe('12:51 JST (03:51 UTC)');
    expect(clockTimeIn('2026-12-08T03:51:00Z', now, 'Asia/Tokyo')).toBe('2026-12-08 12:51 JST (03:51 UTC)');
  });

  it('reads the machine\'s zone from TZ', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(machineZone()).toBe('Asia/Tokyo');
    expect(localTime(AT)).toContain('JST');
  });

  it('lock messages, schedule lines and the hand-out say the time this way, never as raw ISO', () => {
    process.env.TZ = 'Asia/Tokyo';
    const said = [
      ja.unlockHeld('lk', 'ホスト vm、プロセス 4536', 'up', '2026-12-06T19:56:34.857Z', '11 秒'),
      ja.lockWaiting('lk', 'ホスト vm、プロセス 4536', 'up', '2026-12-06T19:56:34.857Z'),
      ja.lockTakeoverGone(4242, '2026-12-06T19:56:34.857Z'),
      ja.err_lockedFolder('lk', 4242, 'up', '2026-12-06T19:56:34.857Z'),
      ja.classLockTakeover('k-alice', 'gone', 4242, '2026-12-06T19:56:34.857Z'),
      ja.res_natExpiry(AT, 'natGateway'),
      handoutText({ learner: 'alice', lab: 'k-alice', klass: 'k', region: 'ap-northeast-1', keyFile: 'k-alice-key.pem', keyMade: true, expiresAt: AT }, 'ja'),
    ];
    for (const text of said) {
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(text).toMatch(/ JST \(.*UTC\)/);
    }
    expect(said[0]).toBe('ラボ "lk" は別の実行 (ホスト vm、プロセス 4536) がロックしています。2026-12-07 04:56 JST (2026-12-06 19:56 UTC) から "up" を実行中です (最終更新: 11 秒前)。');
  });
});
