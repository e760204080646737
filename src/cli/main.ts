// The CLI's entry: the program is built in its language (program.ts), then run.
import { langOfArgv } from './flags.js';
import { buildProgram } from './program.js';
import { pickLang } from '../ui/i18n.js';
import { useLang } from '../ui/messages/index.js';

// The SDK warns on every run that its 2027 releases will need Node 22: nothing a lab
// user can act on mid-run, and it would bury the progress. Other warnings still show.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`${w.name}: ${w.message}\n`);
});

// The language first (--lang anywhere, else the locale): --help is built in it.
await useLang(pickLang(langOfArgv(process.argv)));
await buildProgram().parseAsync(process.argv);
