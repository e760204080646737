import { callerAccount, s3Client, stsOfS3 } from '../../aws/clients.js';
import { UsageError } from '../../engine/errors.js';
import { knownHostsName } from '../../lab/views/host-keys.js';
import { initStateBucket, moveState, openLocation, type StateData } from '../../engine/state.js';
import { validateLabName } from '../../lab/core/config.js';
import { msg } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import { locationDeps, openStateLocation, takeLock, validateCommonFlags } from '../session.js';

/** `state init --json`: the bucket, and whether this run made it. */
export interface StateInitJson {
  ok: true;
  command: 'state init';
  where: string;
  created: boolean;
  region: string;
}

/** `state move --json`: from where to where, and the labs moved. */
export interface StateMoveJson {
  ok: true;
  command: 'state move';
  from: string;
  to: string;
  labs: string[];
}

const clientOpts = (flags: CommonFlags) => ({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl });

/** `state init s3://BUCKET/PREFIX`: a bucket that is right for sharing labs. */
export async function stateInitCommand(where: string, flags: CommonFlags, reporter: Reporter): Promise<void> {
  validateCommonFlags(flags);
  if (!/^s3:\/\//i.test(where)) throw new UsageError(['err_notS3', where], ['hint_notS3Init']);
  const s3 = await s3Client(clientOpts(flags));
  const region = flags.region ?? (await s3.config.region());
  const out = await initStateBucket(where, s3, region, flags.stateBucketOwner ?? (await callerAccount(await stsOfS3(s3, clientOpts(flags)))));
  if (flags.json) {
    reporter.json<StateInitJson>({ ok: true, command: 'state init', where: out.where, created: out.created, region });
    return;
  }
  const m = msg();
  reporter.result([out.created ? m.stateInitMade(out.where, region) : m.stateInitSetUp(out.where, region), m.stateInitShare(out.where)].join('\n'));
}

/** `state move --to WHERE`: the labs' state (and keys) from --state-dir there. */
export async function stateMoveCommand(flags: CommonFlags & { to?: string }, reporter: Reporter): Promise<void> {
  validateCommonFlags(flags);
  if (!flags.to) throw new UsageError(['err_moveNoTo'], ['hint_moveNoTo']);
  if (flags.name !== undefined) validateLabName(flags.name);
  const from = await openStateLocation(flags, reporter);
  const to = await openLocation(flags.to, locationDeps(flags, reporter));
  if (from.where === to.where || from.nameOf('x') === to.nameOf('x')) throw new UsageError(['err_moveSame', to.where], ['hint_moveSame']);
  const labs = flags.name ? [flags.name] : await from.labs();
  const moved = await moveState(from, to, labs, (location, lab) => takeLock('state move', { name: lab, location }, undefined, reporter, flags), (data: StateData) => [
    ...(data.settings.publicKeyFile || !data.settings.keyName ? [] : [String(data.settings.keyName)]),
    knownHostsName(data.lab),
  ]);
  if (flags.json) {
    reporter.json<StateMoveJson>({ ok: true, command: 'state move', from: from.where, to: to.where, labs: moved });
    return;
  }
  const m = msg();
  reporter.result(moved.length ? [m.stateMoved(moved.length, from.where, to.where, moved), m.stateMovedUse(to.where)].join('\n') : m.stateNothingMoved(from.where));
}
