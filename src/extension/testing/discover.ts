/** Which lines of a `.ccw` file hold EXPECT statements (the Test Explorer's items). Pure text scan. */

/** A statement whose operation is EXPECT: an optional label in column 1, then EXPECT. Comments start with '*'. */
const EXPECT_LINE = /^(?:[^\s*]\S*)?\s+EXPECT(?:\s|$)/i;

export interface ExpectLine {
  /** 0-based line number. */
  readonly line: number;
  /** The statement's operands as written, for the item's label. */
  readonly text: string;
}

export function expectLines(text: string): ExpectLine[] {
  const out: ExpectLine[] = [];
  text.split(/\r?\n/).forEach((l, line) => {
    if (!EXPECT_LINE.test(l)) return;
    const operands = l.replace(/^\S*\s+EXPECT\s*/i, '').split(/\s{2,}/)[0]?.trim() ?? '';
    out.push({ line, text: operands });
  });
  return out;
}
