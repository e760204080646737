import type { Chapter } from './chapters.js';
import {
  DEFAULTS,
  deriveSubnets,
  validateAmi,
  validateInstanceType,
  validateKeyName,
  validateNat,
  validatePublicKeyFile,
  opensToWorld,
  validateSshCidr,
  validateSubnet,
  validateSubnets,
  validateVpcCidr,
  validateZone,
  type LabSettings,
  type NatKind,
} from './config.js';
import { estimate, NAT_PARTS_COST } from './cost.js';
import { DEFAULT_EXPIRES_IN, NEVER, validateExpiresIn } from './expiry-time.js';
import type { Words } from '../../engine/errors.js';

/**
 * The words the settings table (and the chapters table's intro) name: ui/messages says each
 * of them (en.ts, and ja.ts typed against it), and the compiler holds it to this list.
 */
export type SettingText =
  | 'nameWhy' | 'nameAsk'
  | 'vpcWhy' | 'vpcAsk' | 'subnetWhy' | 'publicSubnetAsk' | 'privateSubnetAsk'
  | 'keyWhy' | 'keyNameAsk' | 'publicKeyAsk' | 'sshWhy' | 'sshAsk' | 'sshWorldMark' | 'sshWorldWarn' | 'sshWorldConfirm'
  | 'zoneAsk'
  | 'typeWhy' | 'typeAsk' | 'typeT3Micro' | 'typeT4gMicro' | 'typeT3Small' | 'typeT2Micro' | 'amiAsk'
  | 'dbWhy' | 'natWhy' | 'natAsk' | 'natGateway' | 'natInstance'
  | 'expiryWhy' | 'expiryAsk' | 'expiry8h' | 'expiry4h' | 'expiry1d' | 'expiryNever';

/**
 * The settings of `up` the table resolves (name and region come first, in cli/session.ts;
 * expiresAt is derived from expiresIn; extraTags are given by whoever runs the lab).
 */
export type SettingKey = Exclude<keyof LabSettings, 'name' | 'region' | 'expiresAt' | 'extraTags'>;
export type SettingValues = Partial<Omit<LabSettings, 'region'>> & { name: string };

/** What a default or a list of choices may look at: the settings answered so far, and the outside world. */
export interface SettingContext {
  values: SettingValues;
  saved: Partial<LabSettings>;
  /** The region whose prices are shown (the lab's, or the one about to be used). */
  priceRegion: string;
  detectIp(): Promise<string | undefined>;
}

/** A choice of a select: its label is a text key; detail is a figure shown after it (a price, said by ui in the run's language). */
export interface Choice {
  value: string;
  label: SettingText;
  detail?: Words;
}

/**
 * One setting of `up` and `plan`. ADDING A SETTING = adding ONE entry to SETTINGS below:
 *
 *   1. its field in `LabSettings` and its validator in lab/config.ts (`validateX(value)`
 *      throwing a UsageError that names the value and says what would be accepted);
 *   2. the entry: `key` (the LabSettings field; also commander's camelCase of the flag),
 *      `flag` (commander option string, e.g. '--expires-in <duration>'), `chapter`, `prompt` ('input'; 'select' with `choices`, `other` for a
 *      free "other…" answer; or 'none' for flag-only), `ask` and optionally `why` (keys of
 *      ui/messages), `default` (constant, or derived from the settings listed before it), `validate`;
 *   3. its words in ui/messages/en.ts and ja.ts: `flag_<key>` (its --help); its `ask`,
 *      `why` and the choices' labels (the compiler asks for each in both).
 *
 * Nothing else changes: the flags of `up` and `plan` and their `--help`, the question, its
 * place (chapter by chapter, in this order), flag > saved setting > prompt (a person is
 * there) > default, validation of flags and answers, and saving in the state file all come
 * from the entry. For example:
 *
 *   { key: 'expiresIn', flag: '--expires-in <duration>', chapter: 1,
 *     prompt: 'input', ask: 'expiresAsk', why: 'expiresWhy', default: () => '8h',
 *     validate: validateDuration },
 *
 * (see `nat` below for a select whose choices show their price).
 */
export interface Setting {
  key: SettingKey;
  /** Commander option string; the long flag's camelCase is `key`. */
  flag: string;
  chapter: Chapter;
  /** How the wizard asks: free input, a select, or never (flag or saved setting only). */
  prompt: 'input' | 'select' | 'none';
  ask: SettingText;
  /** Said just before the question: why the lab needs it. */
  why?: SettingText;
  /** Shown after the question in brackets (the region whose prices the choices show). */
  askDetail?: (ctx: SettingContext) => string;
  choices?: (ctx: SettingContext) => Choice[];
  /** A select that ends with "other…", which asks for a free answer (validated). */
  other?: boolean;
  /** Offered, and taken when nobody is asked; may derive from the settings before it. */
  default: (ctx: SettingContext) => string | undefined | Promise<string | undefined>;
  /** Throws a UsageError naming the bad value; may check against the settings before it. */
  validate: (value: string, values: SettingValues) => void | Promise<void>;
  /** The saved value stands only while this holds (subnets: while the VPC is the saved one). */
  keepSaved?: (ctx: SettingContext) => boolean;
  /** No default and nobody to ask: refuse with this rather than guess. */
  required?: { message: Words; hint: Words };
  /**
   * A value that is allowed but risky (SSH open to the whole internet): the plan marks it
   * (`mark`) and says what it means (`warn`); the wizard asks `confirm` of the person
   * there, and asks the question again on no.
   */
  caution?: { applies: (value: string) => boolean; mark: SettingText; warn: SettingText; confirm: SettingText };
  /**
   * Escape hatch for an odd question: the wizard's resolver of this name answers the entry
   * (and the following entries naming the same resolver). Flag, texts, default, validation
   * and chapter above still apply.
   */
  custom?: 'keyPair';
}

const sameVpc = (ctx: SettingContext) => ctx.values.vpcCidr === ctx.saved.vpcCidr;

/** What one kind of NAT costs on its own, an hour and a month ("$0.0670/h ≈ $48.91/month"); nothing when the region has no prices. */
export function natCost(region: string, kind: NatKind): Words | undefined {
  const e = estimate(region, '', NAT_PARTS_COST[kind]);
  return e.known ? ['perHourAndMonth', e.hourly, e.monthly] : undefined;
}

/** Every setting of `up` and `plan`, in the order the wizard asks, chapter by chapter. */
export const SETTINGS: readonly Setting[] = [
  {
    key: 'vpcCidr',
    flag: '--vpc-cidr <cidr>',
    chapter: 1,
    prompt: 'input',
    why: 'vpcWhy',
    ask: 'vpcAsk',
    default: () => DEFAULTS.vpcCidr,
    validate: validateVpcCidr,
  },
  {
    key: 'publicSubnetCidr',
    flag: '--public-subnet-cidr <cidr>',
    chapter: 1,
    prompt: 'input',
    why: 'subnetWhy',
    ask: 'publicSubnetAsk',
    default: (ctx) => deriveSubnets(ctx.values.vpcCidr!).publicSubnetCidr,
    // Inside the VPC and big enough; overlap is checked with the private subnet, next.
    validate: (v, s) => validateSubnet(s.vpcCidr!, v, 'publicSubnet'),
    keepSaved: sameVpc,
  },
  {
    key: 'privateSubnetCidr',
    flag: '--private-subnet-cidr <cidr>',
    chapter: 1,
    prompt: 'input',
    ask: 'privateSubnetAsk',
    // The tutorial's x.x.2.0/24, unless the public subnet took it.
    default: (ctx) => {
      const d = deriveSubnets(ctx.values.vpcCidr!);
      return ctx.values.publicSubnetCidr === d.privateSubnetCidr ? d.publicSubnetCidr : d.privateSubnetCidr;
    },
    validate: (v, s) => validateSubnets(s.vpcCidr!, s.publicSubnetCidr!, v),
    keepSaved: sameVpc,
  },
  {
    key: 'zone',
    flag: '--zone <zone>',
    chapter: 1,
    // Not asked: the first zone, sorted, that offers the instance type, unless given (a class spreads its labs).
    prompt: 'none',
    ask: 'zoneAsk',
    default: () => undefined,
    // Syntax here; that the zone is the region's and offers the type, when the zone is looked up (lookups.ts).
    validate: (v) => validateZone(v),
  },
  {
    key: 'keyName',
    flag: '--key-name <name>',
    chapter: 2,
    prompt: 'input',
    why: 'keyWhy',
    ask: 'keyNameAsk',
    default: (ctx) => DEFAULTS.keyName(ctx.values.name),
    validate: validateKeyName,
    // Asks "create or import" first, and then the public key file.
    custom: 'keyPair',
  },
  {
    key: 'publicKeyFile',
    flag: '--public-key-file <file>',
    chapter: 2,
    prompt: 'input',
    ask: 'publicKeyAsk',
    default: () => undefined,
    validate: validatePublicKeyFile,
    custom: 'keyPair',
  },
  {
    key: 'sshCidr',
    flag: '--ssh-cidr <cidr>',
    chapter: 2,
    prompt: 'input',
    why: 'sshWhy',
    ask: 'sshAsk',
    default: (ctx) => ctx.detectIp(),
    validate: validateSshCidr,
    caution: { applies: opensToWorld, mark: 'sshWorldMark', warn: 'sshWorldWarn', confirm: 'sshWorldConfirm' },
    required: { message: ['err_noPublicIp'], hint: ['hint_noPublicIp'] },
  },
  {
    key: 'instanceType',
    flag: '--instance-type <type>',
    chapter: 2,
    prompt: 'select',
    why: 'typeWhy',
    ask: 'typeAsk',
    // Free-tier eligible first; t2.micro last: refused on free-plan accounts made since July 2025.
    choices: () => [
      { value: 't3.micro', label: 'typeT3Micro' },
      { value: 't4g.micro', label: 'typeT4gMicro' },
      { value: 't3.small', label: 'typeT3Small' },
      { value: 't2.micro', label: 'typeT2Micro' },
    ],
    other: true,
    default: () => DEFAULTS.instanceType,
    validate: validateInstanceType,
  },
  {
    key: 'ami',
    flag: '--ami <id>',
    chapter: 2,
    // Not asked: the latest Amazon Linux 2023 unless pinned by flag.
    prompt: 'none',
    ask: 'amiAsk',
    default: () => undefined,
    validate: validateAmi,
  },
  {
    key: 'nat',
    flag: '--nat <kind>',
    chapter: 4,
    prompt: 'select',
    why: 'natWhy',
    ask: 'natAsk',
    askDetail: (ctx) => ctx.priceRegion,
    choices: (ctx) => [
      { value: 'gateway', label: 'natGateway', detail: natCost(ctx.priceRegion, 'gateway') },
      { value: 'instance', label: 'natInstance', detail: natCost(ctx.priceRegion, 'instance') },
    ],
    default: () => DEFAULTS.nat,
    validate: validateNat,
  },
  {
    key: 'expiresIn',
    flag: '--expires-in <duration>',
    chapter: 5,
    prompt: 'select',
    why: 'expiryWhy',
    ask: 'expiryAsk',
    choices: () => [
      { value: DEFAULT_EXPIRES_IN, label: 'expiry8h' },
      { value: '4h', label: 'expiry4h' },
      { value: '1d', label: 'expiry1d' },
      { value: NEVER, label: 'expiryNever' },
    ],
    other: true,
    default: () => DEFAULT_EXPIRES_IN,
    validate: validateExpiresIn,
  },
];

/** The entry of one setting. */
export function setting(key: SettingKey): Setting {
  const s = SETTINGS.find((e) => e.key === key);
  if (!s) throw new Error(`internal: no setting ${key}`);
  return s;
}

/** The settings given, entry by entry, with the chapter each belongs to (for the plan). */
export function settingsOf(values: Partial<LabSettings>): { key: SettingKey; chapter: Chapter; ask: SettingText; value: string; caution?: Setting['caution'] }[] {
  return SETTINGS.filter((s) => values[s.key] !== undefined).map((s) => {
    const value = String(values[s.key]);
    return { key: s.key, chapter: s.chapter, ask: s.ask, value, ...(s.caution?.applies(value) ? { caution: s.caution } : {}) };
  });
}
