/**
 * English, part of the source catalog (en.ts spreads it): `class check` (issue 26 item 7),
 * a class's labs checked as `check` checks one — the roster's `vpc` column, the table, the
 * report and its refusals. Its Japanese is ja-classcheck.ts.
 */
export const enClasscheck = {
  classcheck_errRosterVpc: (file: string, row: number, value: string) => `${file}, row ${row}, column "vpc": "${value}" is not a VPC ID or a Name tag`,
  classcheck_hintRosterVpc: 'write the VPC\'s ID as the VPC console shows it (e.g. vpc-0123456789abcdef0) or its Name tag (at most 255 characters); nothing was checked',
  classcheck_errNoLab: (lab: string, target: string) => `no lab "${lab}" in ${target}: nothing carries its tags`,
  classcheck_hintNoLab: (lab: string) => `build it with \`aws-lab-setup class up\`, or give the learner's own VPC in the roster's vpc column (${lab} is looked for by its tags)`,
  classcheck_errFailed: (bad: number, learners: number) => `${bad} of ${learners} learner(s) not as the tutorial wants, or not checked`,
  classcheck_hintFailed: 'each row says the first thing to fix; `aws-lab-setup check --vpc VPC` in the learner\'s account shows every finding with its fix',
  classcheck_help: 'check every learner\'s lab, read-only: their VPC built by hand (the roster\'s vpc column) or their lab of the tool\'s; one table, exit 1 when one is not as it should be',
  classcheck_helpRoster: 'the class: a CSV file with a header row (learner, and optionally account, profile, region, vpc: a VPC ID or Name tag built by hand)',
  classcheck_helpParallel: (n: number) => `learners of one account and region checked at once (default: ${n}; a check only reads, paced by the account's own EC2 limits)`,
  classcheck_helpOut: 'also write an HTML report there (index.html, and each learner\'s picture as <learner>.svg)',
  classcheck_head: ['learner', 'account/region', 'chapters', 'first to fix'],
  classcheck_title: (klass: string, good: number, learners: number) => `Class "${klass}": ${good} of ${learners} learner(s) as the tutorial wants`,
  classcheck_allGood: 'as it should be',
  classcheck_pathCell: (path: string, code: string) => `${path} (${code})`,
  classcheck_wrote: (file: string, pictures: number) => `Report written: ${file} (and ${pictures} picture(s) beside it)`,
};
