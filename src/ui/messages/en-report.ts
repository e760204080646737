/**
 * English, part of the source catalog (en.ts spreads it): the HTML report of `class check`
 * (ui/class-report.ts): the class at a glance, then a page per learner. The findings,
 * paths and probes are said in check's own words (en-vpccheck.ts); its Japanese is
 * ja-report.ts. The report's labels are one entry (report_label) by name, as the roles'
 * are: the catalog's Words type is at the compiler's limit of union members (TS2590).
 */

/** The report's headings, column names and the few words of its table. */
export type ReportLabel =
  | 'learner'
  | 'where'
  | 'built'
  | 'handBuilt'
  | 'toolLab'
  | 'chapters'
  | 'first'
  | 'nothing'
  | 'lab'
  | 'vpc'
  | 'picture'
  | 'roles'
  | 'findings'
  | 'paths'
  | 'live'
  | 'notCheckedHead'
  | 'toSummary';

const LABEL: Record<ReportLabel, string> = {
  learner: 'Learner',
  where: 'Account / region',
  built: 'Built',
  handBuilt: 'by hand',
  toolLab: 'by the tool',
  chapters: 'Chapters done',
  first: 'First thing to fix',
  nothing: 'Nothing: all as the tutorial asks.',
  lab: 'Lab',
  vpc: 'VPC',
  picture: 'The lab as built: each failing finding in red, numbered as in the list.',
  roles: 'What plays which part',
  findings: "The tutorial's requirements",
  paths: 'Paths: the first gate that blocks each',
  live: 'Live probes',
  notCheckedHead: 'This learner could not be checked.',
  toSummary: 'Back to the summary',
};

export const enReport = {
  report_title: (klass: string) => `Class ${klass}: the labs checked`,
  report_checkedAt: (at: string) => `Checked ${at}. Read-only: nothing was created, changed or deleted.`,
  report_okCount: (ok: number, total: number) => `${ok} of ${total} learner(s) have everything the tutorial asks for.`,
  report_notChecked: (why: string) => `Not checked: ${why}`,
  report_label: (which: ReportLabel) => LABEL[which],
};
