/** Numbers as the Variables view shows them (X'..', B'..', decimal), read and rewritten. No vscode: unit-tested. */

export type NumberFormat = 'hex' | 'binary' | 'decimal';

/** The number a value shows: X'..', B'..', 0x.., decimal, or the first of these in a longer text. */
export function parseShownNumber(value: string): bigint | null {
  const v = value.trim();
  let m = /^X'([0-9A-F]+)'/i.exec(v) ?? /^0x([0-9A-F]+)\b/i.exec(v);
  if (m) return BigInt(`0x${m[1]}`);
  m = /^B'([01]+)'/i.exec(v) ?? /^0b([01]+)\b/i.exec(v);
  if (m) return BigInt(`0b${m[1]}`);
  m = /^(\d+)\b/.exec(v);
  if (m) return BigInt(m[1] as string);
  return null;
}

/** `n` written as the format asks, in the value syntax of the `.ccw` language. */
export function formatNumber(n: bigint, format: NumberFormat, digitsFrom = ''): string {
  const width = Math.max(0, (/^X'([0-9A-F]+)'/i.exec(digitsFrom)?.[1] ?? '').length);
  switch (format) {
    case 'hex':
      return `X'${n.toString(16).toUpperCase().padStart(Math.max(width, 2), '0')}'`;
    case 'binary':
      return `B'${n.toString(2).padStart(width > 0 ? width * 4 : 8, '0')}'`;
    case 'decimal':
      return n.toString(10);
  }
}
