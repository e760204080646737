import { glossaryFaults } from './glossary.js';

/**
 * Finding English in Japanese output: the words a Japanese line may carry in Latin
 * letters (product and service names, AWS's abbreviations, the tool's commands and flag
 * values, the lab's fixed names), and a finder of every other word.
 */
export const ALLOWED_WORDS = new Set([
  // product, service and protocol names; AWS's own abbreviations
  'AWS', 'VPC', 'CIDR', 'ACL', 'TCP', 'HTTPS', 'IP', 'IPv4', 'DNS', 'SSH', 'HTTP', 'Web', 'DB', 'NAT', 'AMI', 'ID', 'IAM', 'CLI', 'JSON', 'CSV', 'SVG', 'URL', 'GB', 'UTC', 'PC', 'CPU', 'vCPU', 'TLS', 'PEM', 'CA', 'API', 'EBS', 'USD', 'JST', 'CreateNatGateway',
  'Apache', 'MariaDB', 'Amazon', 'Organizations', 'ssh-rsa', 'pub', 'pid', 'Linux', 'EventBridge', 'Scheduler', 'Service', 'Quotas', 'Elastic', 'OpenSSH', 'Arm', 'S3', 'moto', 'bash', 'ping', 'dnf', 'httpd',
  // destroy --vpc (issue 27): the console's own names, untranslated there
  'ACL', 'EBS', 'RDS', 'Transit', 'Gateway',
  // the tool, its commands and flag values as typed
  'aws-lab-setup', 'up', 'plan', 'destroy', 'status', 'check', 'leftovers', 'explain', 'class', 'quotas', 'policy', 'state', 'init', 'unlock', 'ssh', 'ssh-config', 'ssh-agent', 'ssh-add', 'help',
  'network', 'web', 'apache', 'db', 'gateway', 'instance', 'never', 'en', 'ja', 'http', 'https',
  // fixed names and placeholders in --help (<lab>-key, <class>, the roster's columns, commander's usage line)
  'lab', 'key', 'FILE', 'alice', 'learner', 'account', 'profile', 'region', 'public_key', 'Host', 'BUCKET', 'PREFIX', 'NAME', 'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_LAB_SETUP_STATE',
  'options', 'command', 'name', 'server', 'where', 'cidr', 'file', 'type', 'id', 'ids', 'duration', 'kind', 'chapter', 'dir', 'url', 'seconds', 'n', 'lang', 'roster', 'zone',
  'on-demand', 'Name', 'EC2', 'RunInstances', 'Ctrl-C', 'aws-lab', 'ICMP', 'OrganizationAccountAccessRole', 'move',
  // Service Quotas' service codes
  'vpc', 'ec2',
  // keys as the keyboard names them (the select prompt's key help)
  'Enter',
  // ssh_config's own keywords (ssh-config prints them for ~/.ssh/config)
  'HostName', 'User', 'IdentityFile', 'IdentitiesOnly', 'yes', 'ProxyJump',
  // ssh_config keywords of the lab's own config (host keys per lab)
  'ConnectTimeout', 'UserKnownHostsFile', 'HostKeyAlias', 'StrictHostKeyChecking', 'accept-new', 'ProxyCommand', 'Port',
]);

/**
 * The English words of a line: runs of Latin letters, leaving out what is an ID, a CIDR,
 * an address, a path, a flag or a command (a command in backquotes, anything with a digit, a slash, a dot inside, or
 * a leading dash or tilde) and the allowed words.
 */
export function englishWords(line: string, extra: Iterable<string> = []): string[] {
  const allowed = new Set([...ALLOWED_WORDS, ...extra]);
  const found: string[] = [];
  // A command in backquotes is typed as it stands: `aws-lab-setup ssh web sudo tail …`.
  for (const raw of line.replace(/`[^`]*`/g, ' ').split(/[\s\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef、。・「」（）…—–·×≈✔✖⚠▶─│┌┐└┘├┤]+/)) {
    const token = raw.replace(/^[`"'([<{*#?!:;,.$=|+]+|[`"')\]>}*:;,.!?=|+]+$/g, '');
    if (!/[A-Za-z]/.test(token)) continue;
    if (/\d|\/|\\|^-|^~|\.\w|@|^\$|_|=|%/.test(token) && !allowed.has(token)) {
      // IDs (vpc-0abc1), CIDRs, paths, flags, file names, env names, ssh's -o Option=value and %h: not words to read.
      if (!/^[A-Za-z]+(?:'[a-z]+)?$/.test(token)) continue;
    }
    for (const word of token.split(/[()[\],:;'"`<>]+/).filter((w) => /[A-Za-z]/.test(w))) {
      // One letter (x.x.1.0, http(s), <n>) is not a word to read.
      if (allowed.has(word) || word.length === 1 || /\d|\.|\/|^-/.test(word)) continue;
      // A hyphenated ID (vpc-0a1b…, i-…, the lab's tags) carries a digit or is allowed; a hyphenated word is English.
      if (word.includes('-') && word.split('-').every((p) => allowed.has(p) || /\d/.test(p) || p === '')) continue;
      found.push(word);
    }
  }
  return found;
}

/**
 * The lines of a Japanese text that carry English or break the glossary, each with what it
 * found (`named`: values the run was given or the learner chose, such as a lab's or a tag's name).
 */
export function leaks(text: string, named: Iterable<string> = []): string[] {
  const extra = [...named];
  return text.split('\n').flatMap((line) => {
    const words = [...englishWords(line, extra), ...glossaryFaults(line)];
    return words.length ? [`${words.join(' ')}  ←  ${line}`] : [];
  });
}
