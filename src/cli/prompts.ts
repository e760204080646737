// The three prompts the wizard uses, each from its own package of @inquirer/prompts: that
// package re-exports every prompt, and esbuild keeps its editor prompt's encoding tables
// (600 kB) even when only these three are imported.
import { styleText } from 'node:util';
import baseConfirm from '@inquirer/confirm';
import { msg } from '../ui/messages/index.js';

export { default as input } from '@inquirer/input';
export { default as select } from '@inquirer/select';

/**
 * A yes/no question in the run's language: the keys to press ("(y/N)", 「(y: はい / N: いいえ)」)
 * and the answer shown once given ("No", 「いいえ」) come from the catalog, not from
 * @inquirer/confirm's English.
 */
export const confirm: typeof baseConfirm = (config, context) =>
  baseConfirm(
    {
      transformer: (answer: boolean) => msg().confirmAnswer(answer),
      ...config,
      theme: { ...config.theme, style: { defaultAnswer: (keys: string) => styleText('dim', msg().confirmKeys(keys === 'Y/n')), ...config.theme?.style } },
    },
    context,
  );
