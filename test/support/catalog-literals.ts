// What a person can be shown of a catalog's source: the text of its string and template
// literals. Read by the catalog tests (test/unit/messages.test.ts: English left in Japanese,
// terms; test/unit/ja-ambiguous.test.ts: ambiguous-width characters), one scanner for both.

/**
 * The text of every string and template literal of the Japanese catalog's module after its
 * imports (the `${…}` holes, comments, regular expressions and the code around them left
 * out; a literal that is a property key, such as a map's 'Usage:', left out too, but not
 * a ternary's branch): what a
 * person can be shown.
 */
export function literalTexts(source: string): string[] {
  const s = source.slice(source.indexOf('\n', source.lastIndexOf('\nimport ') + 1));
  const texts: string[] = [];
  let i = 0;
  const read = (quote: string): string => {
    let text = '';
    i++;
    while (i < s.length && s[i] !== quote) {
      if (s[i] === '\\') {
        text += s[i + 1];
        i += 2;
      } else if (quote === '`' && s[i] === '$' && s[i + 1] === '{') {
        i += 2;
        code(1);
        text += ' ';
      } else text += s[i++];
    }
    i++;
    return text;
  };
  /** A regular expression literal: to its closing slash, outside any [class]. */
  const regex = () => {
    let inClass = false;
    for (i++; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '[') inClass = true;
      else if (s[i] === ']') inClass = false;
      else if (s[i] === '/' && !inClass) break;
    }
    i++;
  };
  /** Code, until the brace that closes `depth` (Infinity: to the end). */
  const code = (depth: number) => {
    let last = '';
    while (i < s.length) {
      const ch = s[i];
      if (ch === '/' && s[i + 1] === '/') i = s.indexOf('\n', i);
      else if (ch === '/' && s[i + 1] === '*') i = s.indexOf('*/', i) + 2;
      else if (ch === '/' && /[(,=:[!&|?{};]|^$/.test(last)) regex();
      else if (ch === "'" || ch === '"' || ch === '`') {
        const text = read(ch);
        // A key is followed by a colon after `{` or `,`; a ternary's first branch (`? ' — x' : ''`) is text.
        if (ch === '`' || !(/^\s*:/.test(s.slice(i)) && /[{,]/.test(last))) texts.push(text);
      } else if (ch === '{') {
        depth++;
        i++;
      } else if (ch === '}') {
        depth--;
        i++;
        if (depth === 0) return;
      } else i++;
      if (!/\s/.test(ch)) last = ch;
    }
  };
  code(Number.POSITIVE_INFINITY);
  return texts;
}
