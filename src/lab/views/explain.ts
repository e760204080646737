/**
 * `explain`: the AWS CLI commands that build the same lab as `up`, as a bash script, one
 * block per resource in the order `up` makes them (the graph's dependency order), IDs
 * captured into variables, a wait where AWS needs one. Nothing here calls AWS: the
 * script looks up the zone and the AMI itself when it runs.
 */
import type { Words } from '../../engine/errors.js';
import { isWanted, topoOrder } from '../../engine/graph.js';
import { labThrough } from '../chapters/lab.js';
import { TUTORIAL_CHAPTERS } from '../core/chapters.js';
import type { LabContext } from '../core/context.js';
import { DB_SG_DESCRIPTION, dbUserData, NAT_SG_DESCRIPTION } from '../chapters/database.js';
import { natUserData } from '../chapters/nat-user-data.js';
import { WEB_SG_DESCRIPTION } from '../chapters/web.js';
import { amiParameter, NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE, type LabSettings } from '../core/config.js';
import { APACHE_CHAPTER, webUserData } from '../chapters/apache.js';
import { TAG_LAB, TAG_MANAGED_BY, TAG_RESOURCE, tagResource, TOOL } from '../core/tags.js';
import { METADATA_OPTIONS, rootVolume } from '../kinds/instance.js';
import { ROOT_VOLUME_GB } from '../core/cost.js';

/**
 * One line of the script: shell as it stands, or words a person reads (by message key,
 * said by ui/explain.ts): a comment (after a command on the same line, when `after` is
 * there), or an `echo` of a sentence.
 */
export type ExplainLine = string | { comment: Words; after?: string } | { echo: Words };

/** The script's lines for one chapter; ui/explain.ts adds the comments and the frame. */
export interface ExplainSection {
  chapter: number;
  lines: ExplainLine[];
}

export interface ExplainScript {
  /** Settings as shell variables, and the helpers. */
  head: ExplainLine[];
  sections: ExplainSection[];
  /** What to print at the end. */
  tail: ExplainLine[];
}

const comment = (...words: Words): ExplainLine => ({ comment: words });

/** The script asks for the user's address when neither a flag nor the saved settings name one. */
export const SSH_CIDR_AT_RUN = '__detect__';

/** Single-quoted for bash. */
export function q(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The variable holding a resource's ID: webSecurityGroup -> WEB_SECURITY_GROUP_ID. */
export function idVar(key: string): string {
  return `${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_ID`;
}

const v = (key: string) => `"$${idVar(key)}"`;
const capture = (key: string, command: string, query: string) => `${idVar(key)}=$(${command} --query ${query} --output text)`;
const tags = (type: string, key: string, name: string) => `"$(tags ${type} ${key} ${name})"`;

/**
 * A heredoc that writes a user-data script to a file (quoted: bash expands nothing in it),
 * after a comment in the script's language saying what it is: the script itself is the
 * bytes `up` sends (its comments English in any language, lab/chapters/apache.ts).
 */
function userDataFile(server: string, file: string, script: string): ExplainLine[] {
  return [comment('explain_userDataFile', server), `cat > "$WORK_DIR/${file}" <<'USERDATA'`, ...script.trimEnd().split('\n'), 'USERDATA'];
}

/** The AWS CLI's shorthand of a flat structure: Key=value,Key=value. */
const shorthand = (o: Record<string, string | number | boolean>) => Object.entries(o).map(([k, val]) => `${k}=${val}`).join(',');

function instanceCommand(key: string, name: string, subnet: string, sg: string, publicIp: boolean, userData: string | undefined, launch = { image: '$AMI_ID', type: '$INSTANCE_TYPE' }): ExplainLine[] {
  const file = `${name}-user-data.sh`;
  return [
    ...(userData ? userDataFile(name, file, userData) : []),
    `${idVar(key)}=$(aws ec2 run-instances --image-id "${launch.image}" --instance-type "${launch.type}" --key-name "$KEY_NAME" \\`,
    `  --subnet-id ${v(subnet)} --security-group-ids ${v(sg)} ${publicIp ? '--associate-public-ip-address' : '--no-associate-public-ip-address'} \\`,
    `  --metadata-options ${shorthand(METADATA_OPTIONS)} \\`,
    // The root volume encrypted and gp3, on the image's own root device (AL2023: /dev/xvda).
    `  --block-device-mappings "DeviceName=$(aws ec2 describe-images --image-ids "${launch.image}" --query 'Images[0].RootDeviceName' --output text),Ebs={${shorthand(rootVolume({ device: '', sizeGb: ROOT_VOLUME_GB })[0].Ebs)}}" \\`,
    ...(userData ? [`  --user-data "file://$WORK_DIR/${file}" \\`] : []),
    `  --tag-specifications ${tags(tagResource('instance'), key, name)} ${tags('volume', `${key}Volume`, `${name}-root`)} \\`,
    `  --query 'Instances[0].InstanceId' --output text)`,
    `aws ec2 wait instance-running --instance-ids ${v(key)}`,
  ];
}

function securityGroupCommand(key: string, name: string, description: string, rules: string[]): string[] {
  return [
    capture(key, `aws ec2 create-security-group --group-name "$LAB-${name}" --description ${q(description)} --vpc-id ${v('vpc')} --tag-specifications ${tags(tagResource('securityGroup'), key, `${name}-sg`)}`, 'GroupId'),
    ...rules.map((r) => `aws ec2 authorize-security-group-ingress --group-id ${v(key)} ${r} > /dev/null`),
  ];
}

function routeTableCommand(key: string, name: string): string[] {
  return [capture(key, `aws ec2 create-route-table --vpc-id ${v('vpc')} --tag-specifications ${tags(tagResource('routeTable'), key, `${name}-rtb`)}`, 'RouteTable.RouteTableId')];
}

function subnetCommand(key: string, name: string, cidrVar: string): string[] {
  return [capture(key, `aws ec2 create-subnet --vpc-id ${v('vpc')} --cidr-block "$${cidrVar}" --availability-zone "$ZONE" --tag-specifications ${tags(tagResource('subnet'), key, `${name}-subnet`)}`, 'Subnet.SubnetId')];
}

/** Each resource of the lab, by key, as CLI commands. A new resource needs an entry (a unit test checks). */
const COMMANDS: Record<string, (s: LabSettings, until: number, page?: string) => ExplainLine[]> = {
  vpc: (s) => [
    capture('vpc', `aws ec2 create-vpc --cidr-block "$VPC_CIDR" --tag-specifications ${tags(tagResource('vpc'), 'vpc', 'vpc')}`, 'Vpc.VpcId'),
    `aws ec2 wait vpc-available --vpc-ids ${v('vpc')}`,
    comment('explain_dnsHostnames'),
    `aws ec2 modify-vpc-attribute --vpc-id ${v('vpc')} --enable-dns-hostnames Value=true`,
    ...(s.zone
      ? [comment('explain_zoneSetting'), `ZONE="${s.zone}"`]
      : [
          comment('explain_zone'),
          `ZONE=$(aws ec2 describe-instance-type-offerings --location-type availability-zone --filters "Name=instance-type,Values=$INSTANCE_TYPE" --query 'sort_by(InstanceTypeOfferings, &Location)[0].Location' --output text)`,
        ]),
  ],
  publicSubnet: () => subnetCommand('publicSubnet', 'public', 'PUBLIC_SUBNET_CIDR'),
  privateSubnet: () => subnetCommand('privateSubnet', 'private', 'PRIVATE_SUBNET_CIDR'),
  internetGateway: () => [
    capture('internetGateway', `aws ec2 create-internet-gateway --tag-specifications ${tags(tagResource('internetGateway'), 'internetGateway', 'igw')}`, 'InternetGateway.InternetGatewayId'),
    `aws ec2 attach-internet-gateway --internet-gateway-id ${v('internetGateway')} --vpc-id ${v('vpc')}`,
  ],
  publicRouteTable: () => routeTableCommand('publicRouteTable', 'public'),
  publicRoute: () => [`aws ec2 create-route --route-table-id ${v('publicRouteTable')} --destination-cidr-block 0.0.0.0/0 --gateway-id ${v('internetGateway')} > /dev/null`],
  publicRouteAssociation: () => [`aws ec2 associate-route-table --route-table-id ${v('publicRouteTable')} --subnet-id ${v('publicSubnet')} > /dev/null`],
  keyPair: (s) =>
    s.publicKeyFile
      ? [`aws ec2 import-key-pair --key-name "$KEY_NAME" --public-key-material ${q(`fileb://${s.publicKeyFile}`)} --tag-specifications ${tags(tagResource('keyPair'), 'keyPair', 'key')} > /dev/null`]
      : [
          comment('explain_keyPair'),
          `(umask 077 && aws ec2 create-key-pair --key-name "$KEY_NAME" --key-type ed25519 --tag-specifications ${tags(tagResource('keyPair'), 'keyPair', 'key')} --query KeyMaterial --output text > "$KEY_NAME.pem")`,
        ],
  webSecurityGroup: () =>
    securityGroupCommand('webSecurityGroup', 'web', WEB_SG_DESCRIPTION, [
      '--protocol tcp --port 22 --cidr "$SSH_CIDR"',
      '--protocol tcp --port 80 --cidr 0.0.0.0/0',
    ]),
  webInstance: (s, until, page) => instanceCommand('webInstance', 'web', 'publicSubnet', 'webSecurityGroup', true, until >= APACHE_CHAPTER ? webUserData(s.name, page) : undefined),
  webElasticIp: () => [capture('webElasticIp', `aws ec2 allocate-address --domain vpc --tag-specifications ${tags(tagResource('address'), 'webElasticIp', 'web-eip')}`, 'AllocationId')],
  webAddressAssociation: () => [`aws ec2 associate-address --allocation-id ${v('webElasticIp')} --instance-id ${v('webInstance')} > /dev/null`],
  webApache: () => [
    comment('explain_userData'),
    `# aws ec2 describe-instance-attribute --instance-id ${v('webInstance')} --attribute userData --query UserData.Value --output text | base64 -d`,
  ],
  dbSecurityGroup: () =>
    securityGroupCommand('dbSecurityGroup', 'db', DB_SG_DESCRIPTION, [
      `--protocol tcp --port 3306 --source-group ${v('webSecurityGroup')}`,
      `--protocol icmp --port -1 --source-group ${v('webSecurityGroup')}`,
      `--protocol tcp --port 22 --source-group ${v('webSecurityGroup')}`,
    ]),
  natElasticIp: () => [capture('natElasticIp', `aws ec2 allocate-address --domain vpc --tag-specifications ${tags(tagResource('address'), 'natElasticIp', 'nat-eip')}`, 'AllocationId')],
  natGateway: () => [
    capture('natGateway', `aws ec2 create-nat-gateway --subnet-id ${v('publicSubnet')} --allocation-id ${v('natElasticIp')} --connectivity-type public --tag-specifications ${tags(tagResource('natGateway'), 'natGateway', 'nat')}`, 'NatGateway.NatGatewayId'),
    comment('explain_natWait'),
    `aws ec2 wait nat-gateway-available --nat-gateway-ids ${v('natGateway')}`,
  ],
  privateRouteTable: () => routeTableCommand('privateRouteTable', 'private'),
  natSecurityGroup: () => securityGroupCommand('natSecurityGroup', 'nat', NAT_SG_DESCRIPTION, ['--protocol all --cidr "$VPC_CIDR"']),
  natInstance: (s) => [
    comment('explain_natType', NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE),
    `if [ "$(aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=${NAT_INSTANCE_TYPE} "Name=location,Values=$ZONE" --query 'length(InstanceTypeOfferings)' --output text)" != 0 ]; then`,
    `  NAT_TYPE=${NAT_INSTANCE_TYPE}`,
    'else',
    `  NAT_TYPE=${NAT_INSTANCE_FALLBACK_TYPE}`,
    'fi',
    `NAT_AMI_ID=$(aws ssm get-parameter --name "$([ "$NAT_TYPE" = ${NAT_INSTANCE_TYPE} ] && echo ${amiParameter(NAT_INSTANCE_TYPE)} || echo ${amiParameter(NAT_INSTANCE_FALLBACK_TYPE)})" --query Parameter.Value --output text)`,
    ...instanceCommand('natInstance', 'NAT', 'publicSubnet', 'natSecurityGroup', true, natUserData(s.name, s.vpcCidr), { image: '$NAT_AMI_ID', type: '$NAT_TYPE' }),
    comment('explain_sourceDest'),
    `aws ec2 modify-instance-attribute --instance-id ${v('natInstance')} --no-source-dest-check`,
    `NAT_INTERFACE_ID=$(aws ec2 describe-instances --instance-ids ${v('natInstance')} --query 'Reservations[0].Instances[0].NetworkInterfaces[0].NetworkInterfaceId' --output text)`,
  ],
  privateRoute: (s) => [
    s.nat === 'instance'
      ? `aws ec2 create-route --route-table-id ${v('privateRouteTable')} --destination-cidr-block 0.0.0.0/0 --network-interface-id "$NAT_INTERFACE_ID" > /dev/null`
      : `aws ec2 create-route --route-table-id ${v('privateRouteTable')} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${v('natGateway')} > /dev/null`,
  ],
  privateRouteAssociation: () => [`aws ec2 associate-route-table --route-table-id ${v('privateRouteTable')} --subnet-id ${v('privateSubnet')} > /dev/null`],
  dbInstance: (s) => instanceCommand('dbInstance', 'db', 'privateSubnet', 'dbSecurityGroup', false, dbUserData(s.name)),
};

export function explainedKeys(): string[] {
  return Object.keys(COMMANDS);
}

/** The script's parts for a lab with these settings, through chapter `until`. */
/** `page`: the Apache page's sentence in the run's language, as `up` would write it (default English). */
export function explainLab(s: LabSettings, until: number, page?: string): ExplainScript {
  const head: ExplainLine[] = [
    `LAB=${q(s.name)}`,
    `export AWS_DEFAULT_REGION=${q(s.region)}`,
    `VPC_CIDR=${q(s.vpcCidr)}`,
    `PUBLIC_SUBNET_CIDR=${q(s.publicSubnetCidr)}`,
    `PRIVATE_SUBNET_CIDR=${q(s.privateSubnetCidr)}`,
    `KEY_NAME=${q(s.keyName)}`,
    s.sshCidr === SSH_CIDR_AT_RUN ? { comment: ['explain_yourAddress'], after: 'SSH_CIDR="$(curl -fsS https://checkip.amazonaws.com)/32"' } : `SSH_CIDR=${q(s.sshCidr)}`,
    `INSTANCE_TYPE=${q(s.instanceType)}`,
    s.ami ? `AMI_ID=${q(s.ami)}` : { comment: ['explain_latestAmi'], after: `AMI_ID=$(aws ssm get-parameter --name ${amiParameter(s.instanceType)} --query Parameter.Value --output text)` },
    'WORK_DIR=$(mktemp -d)',
    '',
    comment('explain_tags'),
    'tags() {',
    `  echo "ResourceType=$1,Tags=[{Key=Name,Value=$LAB-$3},{Key=${TAG_MANAGED_BY},Value=${TOOL}},{Key=${TAG_LAB},Value=$LAB},{Key=${TAG_RESOURCE},Value=$2}]"`,
    '}',
  ];
  const sections: ExplainSection[] = [];
  // Only the resources the lab has with these settings (one kind of NAT).
  const settingsOnly = { settings: s } as LabContext;
  // The article's chapters: the expiry (Scheduler, IAM) is the tool's own, not explained.
  for (const r of topoOrder(labThrough(until)).filter((r) => isWanted(r, settingsOnly) && r.chapter <= TUTORIAL_CHAPTERS)) {
    const commands = COMMANDS[r.key];
    if (!commands) throw new Error(`internal: explain has no commands for ${r.key}`);
    if (sections.at(-1)?.chapter !== r.chapter) sections.push({ chapter: r.chapter, lines: [] });
    sections.at(-1)!.lines.push(...commands(s, until, page));
  }
  // The IDs the script captured, and the web server's address when it made one.
  const lines = sections.flatMap((sec) => sec.lines);
  const captured = labThrough(until).map((r) => idVar(r.key)).filter((name) => lines.some((l) => typeof l === 'string' && l.startsWith(`${name}=`)));
  const tail: ExplainLine[] = captured.map((name) => `echo "${name}=$${name}"`);
  if (captured.includes(idVar('webElasticIp'))) {
    tail.push({ echo: ['explain_webAddress', `$(aws ec2 describe-addresses --allocation-ids ${v('webElasticIp')} --query 'Addresses[0].PublicIp' --output text)`] });
  }
  return { head, sections, tail };
}
