import type { Prompter } from '../../src/cli/wizard.js';

/** A person who answers every yes/no question with `answer` and is asked nothing else; `asked` holds the questions, in order. */
export function answering(answer: boolean): { asked: string[]; prompter: Prompter } {
  const asked: string[] = [];
  const prompter: Prompter = {
    input: async () => '',
    select: async () => {
      throw new Error('not asked');
    },
    confirm: async (o) => {
      asked.push(o.message);
      return answer;
    },
  };
  return { asked, prompter };
}
