import stringWidth from 'string-width';

/**
 * Text measured as a terminal shows it: a wide character (Japanese, East Asian Width W/F)
 * takes two columns, colour codes none. Every table, the plan tree and the diagram pad
 * with these, never with String.length.
 */
export function width(text: string): number {
  return stringWidth(text);
}

/** The text padded with spaces to `columns` (unchanged when it is as wide already). */
export function padEnd(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)));
}

/** The text cut to at most `columns`, ending in `…` when cut (never half a wide character). */
export function truncate(text: string, columns: number): string {
  if (width(text) <= columns) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > columns - 1) break;
    out += ch;
  }
  return `${out}…`;
}
