/**
 * Times a person reads: in the machine's time zone, named (JST on a Japanese learner's
 * machine), with UTC beside it — "2026-12-07 12:51 JST (03:51 UTC)". A machine set to UTC
 * reads "2026-12-07 03:51 UTC". --json keeps ISO UTC (it never comes here).
 */

/** The machine's time zone (TZ, or the system's). */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** The parts of a moment in a zone: date, hh:mm, and the zone's offset in minutes. */
function partsIn(at: Date, zone: string): { date: string; time: string } {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/**
 * The zone's short name at that moment: the abbreviation where one exists in English or
 * Japanese (EST, CET, JST), otherwise its offset from UTC ("UTC+5:30").
 */
export function zoneName(at: Date, zone: string): string {
  for (const locale of ['en-US', 'en-GB', 'ja-JP']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(at).find((x) => x.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+-−]/.test(name)) return name === 'GMT' ? 'UTC' : name;
  }
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at).find((x) => x.type === 'timeZoneName')?.value ?? 'UTC';
  return name.replace(/^GMT/, 'UTC');
}

/**
 * A moment to the minute, with its date: local time and zone name, and UTC in brackets
 * (with UTC's date when it is another day). Anything that is not a time stays as it is.
 */
export function localTime(iso: string, zone = machineZone()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const utc = partsIn(at, 'UTC');
  const here = partsIn(at, zone);
  const name = zoneName(at, zone);
  if (name === 'UTC' || (here.date === utc.date && here.time === utc.time)) return `${utc.date} ${utc.time} UTC`;
  return `${here.date} ${here.time} ${name} (${utc.date === here.date ? '' : `${utc.date} `}${utc.time} UTC)`;
}

/** A moment shown with the time only when it is today where the machine is, else with its date too. */
export function clockTimeIn(iso: string, now: number, zone = machineZone()): string {
  const text = localTime(iso, zone);
  const today = partsIn(new Date(now), zone).date;
  return text.startsWith(`${today} `) ? text.slice(today.length + 1) : text;
}
