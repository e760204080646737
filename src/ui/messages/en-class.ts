/**
 * English, part of the source catalog (en.ts spreads it): the class: its commands, progress, status, quotas and hand-outs (src/class, ui/class-*.ts, ui/handout.ts).
 * Its Japanese is ja-class.ts, checked against this by the compiler.
 */
export const enClass = {
  hint_classOtherRegion: (lab: string) => `destroy it there first (aws-lab-setup destroy --name ${lab}), or give the learner that region`,
  // --- the zone setting (lab/core/settings.ts): a class spreads its labs over the region's zones
  zoneAsk: 'Availability Zone',
  flag_zone: "Availability Zone of the lab's subnets, servers and NAT (default: the first, sorted, that offers the instance type)",
  err_zoneName: (zone: string) => `zone "${zone}" is not an Availability Zone name`,
  hint_zoneName: 'use a name like ap-northeast-1a (the region and a letter), or leave --zone out',
  err_zoneRegion: (zone: string, region: string) => `zone "${zone}" is not in the lab's region ${region}`,
  hint_zoneRegion: (region: string) => `give a zone of ${region} (${region}a, ${region}c, …), or the region of that zone with --region`,
  err_zoneMoved: (lab: string, existing: string, asked: string) => `lab "${lab}" has its subnets in ${existing}, not ${asked}`,
  hint_zoneMoved: (lab: string, existing: string) => `leave --zone out (or give ${existing}), or destroy the lab first (aws-lab-setup destroy --name ${lab})`,
  err_zoneNotOffered: (zone: string, type: string, region: string) => `zone "${zone}" is not a zone of ${region} offering instance type "${type}"`,
  hint_zoneNotOffered: (zones: string[]) => (zones.length ? `use one of: ${zones.join(', ')}` : 'pick another --instance-type or --region'),
};
