/**
 * Issue 16, part 4: `up` ends when the lab answers. After the last resource it asks the
 * web page from this machine (the same GET as `check`) until it answers 200, bounded;
 * not in time is exit 0 with what it means. Driven through the fake EC2 with a page that
 * answers as scripted; the clock is virtual, so the 5-minute bound costs nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_WAIT_S, PAGE_WAIT_ENV, waitForPage, WEB_URL_ENV, type PageAnswer } from '../../src/aws/web-page.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { createHarness, labErrorOf, type Harness } from '../support/drive.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  delete process.env[PAGE_WAIT_ENV];
  delete process.env[WEB_URL_ENV];
});

/** A page that gives these answers in turn, then the last one for ever; it logs what it was asked. */
function scriptedPage(...answers: PageAnswer[]) {
  const asked: { url: string; timeoutMs: number }[] = [];
  const page = async (url: string, timeoutMs: number): Promise<PageAnswer> => {
    asked.push({ url, timeoutMs });
    return answers[Math.min(asked.length - 1, answers.length - 1)];
  };
  return { page, asked };
}

describe('up waits for the web page', () => {
  it('asks the lab\'s page until it answers 200, shows the progress, and says how long the first boot took', async () => {
    const p = scriptedPage({ error: 'ECONNREFUSED' }, { status: 503 }, { status: 403 }, { status: 200 });
    h = createHarness({ page: p.page });
    await h.up();
    expect(p.asked).toHaveLength(4);
    // The web server's public name, as `check` asks it and the outputs print it.
    const web = [...h.fake.world.instances.values()].find((i) => i.PublicDnsName)!;
    expect(p.asked.every((a) => a.url === `http://${web.PublicDnsName}/`)).toBe(true);
    const err = h.stderr();
    expect(err).toMatch(/waiting for the web page http:\/\/\S+ to answer \(up to 5 min 0 s; --no-wait-for-page skips this\)/);
    expect(err).toMatch(/answered 503/);
    expect(err).toMatch(/no answer yet \(ECONNREFUSED\)/);
    expect(err).toMatch(/the web page http:\/\/\S+ answered 200 after \d+ s — the first boot took \d+ s/);
    // The page came before the result: `up` ends when the lab answers.
    expect(h.stdout()).toMatch(/The lab is up\./);
    expect(err.indexOf('answered 200 after')).toBeGreaterThan(err.indexOf('web server'));
  });

  it('not in time: says the first boot is still installing and to run check later, and ends with 0', async () => {
    const p = scriptedPage({ status: 503 });
    h = createHarness({ page: p.page });
    const before = h.clock.now();
    await h.up(); // resolves: exit 0
    const waited = h.clock.now() - before;
    expect(waited).toBeGreaterThanOrEqual(DEFAULT_PAGE_WAIT_S * 1000);
    // Asked every few seconds, never for longer than the bound.
    expect(p.asked.length).toBeGreaterThan(30);
    expect(p.asked.length).toBeLessThan(120);
    expect(p.asked.every((a) => a.timeoutMs <= 10_000)).toBe(true);
    const err = h.stderr();
    expect(err).toMatch(/did not answer 200 within 5 min \d+ s \(it answered 503\)/);
    expect(err).toMatch(/first boot is probably still installing/);
    expect(err).toMatch(/next: run `aws-lab-setup check` in a few minutes/);
    expect(h.stdout()).toMatch(/The lab is up\./);
  });

  it('the bound comes from AWS_LAB_SETUP_PAGE_WAIT; a bad one is bad input before anything is made', async () => {
    process.env[PAGE_WAIT_ENV] = '20';
    const p = scriptedPage({ error: 'ETIMEDOUT' });
    h = createHarness({ page: p.page });
    await h.up();
    // 20 s, and at most one more ask's wait (the clock also moved for the build before it).
    expect(h.stderr()).toMatch(/did not answer 200 within (2\d|30) s/);
    await h.close();

    process.env[PAGE_WAIT_ENV] = 'soon';
    h = createHarness({ page: p.page });
    const err = await labErrorOf(h.up());
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('AWS_LAB_SETUP_PAGE_WAIT="soon"');
    expect(err.hint).toMatch(/1 to 3600.*--no-wait-for-page/);
    expect(h.fake.mutatingCalls()).toEqual([]);
  });

  it('--no-wait-for-page, --until before Apache: the page is not asked', async () => {
    const p = scriptedPage({ status: 200 });
    h = createHarness({ page: p.page });
    await h.up({ until: 'web' });
    expect(p.asked).toHaveLength(0);
    await h.up({ waitForPage: false });
    expect(p.asked).toHaveLength(0);
    expect(h.stderr()).not.toMatch(/waiting for the web page/);
    // A rerun of a whole lab asks it; no first boot is claimed for a server this run did not launch.
    await h.up();
    expect(p.asked).toHaveLength(1);
    expect(h.stderr()).toMatch(/answered 200 after 0 s\n/);
  });

  it('AWS_LAB_SETUP_WEB_URL names the page instead; --json reports the wait', async () => {
    process.env[WEB_URL_ENV] = 'http://127.0.0.1:8080/';
    const p = scriptedPage({ status: 500 }, { status: 200 });
    h = createHarness({ page: p.page });
    await h.up({ json: true });
    expect(p.asked.map((a) => a.url)).toEqual(['http://127.0.0.1:8080/', 'http://127.0.0.1:8080/']);
    const doc = JSON.parse(h.stdout());
    expect(doc.page).toMatchObject({ url: 'http://127.0.0.1:8080/', answered: true });
    expect(doc.page.waitedSeconds).toBeGreaterThan(0);
    expect(typeof doc.page.firstBootSeconds).toBe('number');
  });
});

describe('waitForPage', () => {
  it('stops at the bound even when each ask hangs for its whole timeout', async () => {
    const clock = new VirtualClock();
    const asked: number[] = [];
    const hanging = async (_url: string, timeoutMs: number): Promise<PageAnswer> => {
      asked.push(timeoutMs);
      clock.advance(timeoutMs);
      return { error: 'TimeoutError' };
    };
    const wait = await waitForPage('http://127.0.0.1:1/', { ask: hanging, clock, boundMs: 30_000 });
    expect(wait.answered).toBe(false);
    expect(wait.ms).toBeGreaterThanOrEqual(30_000);
    expect(wait.ms).toBeLessThan(30_000 + 10_000);
    expect(wait.last).toEqual({ error: 'TimeoutError' });
  });
});
