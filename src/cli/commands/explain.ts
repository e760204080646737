import { UsageError } from '../../engine/errors.js';
import { validateRegion, validateSettings, type LabSettings } from '../../lab/core/config.js';
import { explainLab, SSH_CIDR_AT_RUN } from '../../lab/views/explain.js';
import { LAST_CHAPTER, parseChapter } from '../../lab/core/chapters.js';
import { renderExplain } from '../../ui/explain.js';
import { say } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { UpFlags } from '../flags.js';
import { openLab, type Deps } from '../session.js';
import { resolveUpSettings } from '../wizard.js';

/** The lab's region without asking AWS: the flag, the saved lab's, the environment's. */
function regionOf(flags: UpFlags, saved: string | undefined): string {
  const region = flags.region ?? saved ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError(['err_noRegionScript'], ['hint_noRegion']);
  validateRegion(region);
  return region;
}

/**
 * Print the AWS CLI script that builds this lab: the saved settings, changed by flags,
 * else the defaults. Calls nothing on AWS; the script looks up the zone and the AMI.
 */
export async function explainCommand(flags: UpFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const until = flags.until === undefined ? LAST_CHAPTER : parseChapter(flags.until);
  // No prompts (a script is wanted, not a conversation), and no address look-up: without
  // a flag or a saved setting the script finds the address itself.
  const opened = await openLab({ ...flags, yes: true }, reporter, { ...deps, detectIp: async () => SSH_CIDR_AT_RUN });
  const saved = (opened.saved?.settings ?? {}) as Partial<LabSettings>;
  const partial = await resolveUpSettings(flags, opened.name, saved, opened.io);
  const settings: LabSettings = { ...partial, region: regionOf(flags, opened.saved?.region) };
  validateSettings({ ...settings, sshCidr: settings.sshCidr === SSH_CIDR_AT_RUN ? '192.0.2.1/32' : settings.sshCidr });
  reporter.result(renderExplain(explainLab(settings, until, say(['page_apache'])), opened.io.lang, settings.name, until));
}
