// BudouX's parser and Japanese model, and nothing else of the package: its index also
// exports an HTML parser, which pulls linkedom and loads slowly. Named imports from a static
// import let esbuild drop the rest (budoux's package.json declares its modules free of side
// effects); this module is imported dynamically (ui/wrap.ts loadJapaneseBreaks), so it is a
// chunk of its own that an English run never loads.
import { jaModel, Parser } from 'budoux';

/** Japanese text's phrases: where a line may break. */
export function japanesePhrases(): (text: string) => string[] {
  const parser = new Parser(jaModel);
  return (text) => parser.parse(text);
}
