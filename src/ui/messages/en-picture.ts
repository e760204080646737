/**
 * English, part of the source catalog (en.ts spreads it): the words of the lab's picture
 * (ui/svg), an architecture diagram in SVG. Each is a label in a box, so short; its
 * Japanese is ja-picture.ts.
 */
export const enPicture = {
  pic_title: (vpc: string) => `Architecture of ${vpc}`,
  pic_awsCloud: 'AWS Cloud',
  pic_region: (region: string) => `Region ${region}`,
  pic_zone: (zone: string) => `Availability Zone ${zone}`,
  pic_zoneUnknown: 'Availability Zone (unknown)',
  pic_vpc: 'VPC',
  pic_publicSubnet: 'Public subnet',
  pic_privateSubnet: 'Private subnet',
  pic_otherSubnet: 'Subnet',
  pic_internet: 'Internet',
  pic_internetGateway: 'Internet gateway',
  pic_igwDetached: 'not attached to the VPC',
  pic_natGateway: 'NAT gateway',
  pic_natInstance: 'NAT instance',
  pic_webServer: 'Web server',
  pic_dbServer: 'DB server',
  pic_privateIp: 'Private IP',
  pic_publicIp: 'Public IP',
  pic_elasticIp: 'Elastic IP',
  pic_state: (state: string) => `State: ${state}`,
  pic_allTraffic: 'All traffic',
  pic_flowFrom: (flow: string, cidr: string) => `${flow} from ${cidr}`,
  pic_routeOut: 'Out to the internet',
  pic_blackhole: 'Route target is gone (blackhole)',
  pic_shouldBeClosed: (flow: string) => `${flow}: should be closed`,
  pic_legendFindings: 'What the check found (numbers as in its list):',
  pic_legendPaths: 'Blocked paths:',
  pic_legendFinding: (n: number, rule: string, reason: string) => `${n}. ${rule}: ${reason}`,
  pic_legendPath: (path: string, reason: string) => `✕ ${path}: ${reason}`,
};
