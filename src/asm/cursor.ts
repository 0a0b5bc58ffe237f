/** A read position inside one operand, which knows the columns of what it reads. */
import type { Span } from './diagnostics';
import type { Field } from './lexer';
import { isSymbolCode } from './lexer';

export class Cursor {
  pos = 0;

  constructor(
    readonly text: string,
    /** Column of text[0]. */
    readonly column: number,
  ) {}

  static of(f: Field): Cursor {
    return new Cursor(f.text, f.column);
  }

  get eof(): boolean {
    return this.pos >= this.text.length;
  }

  peek(k = 0): string {
    return this.text[this.pos + k] ?? '';
  }

  next(): string {
    const ch = this.peek();
    if (!this.eof) this.pos++;
    return ch;
  }

  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Span of text[from, to); an empty span is widened to one column so it can be shown. */
  span(from: number, to: number = this.pos): Span {
    const a = this.column + from;
    return { column: a, endColumn: Math.max(this.column + to, a + 1) };
  }

  /** From the current position to the end of the operand (or one column at the end). */
  restSpan(): Span {
    return this.span(this.pos, Math.max(this.text.length, this.pos + 1));
  }

  /** Reads a run of symbol characters (possibly empty). */
  name(): string {
    const from = this.pos;
    const text = this.text;
    while (isSymbolCode(text.charCodeAt(this.pos))) this.pos++;
    return text.slice(from, this.pos);
  }

  /** True when the next character is a decimal digit. */
  atDigit(): boolean {
    const c = this.text.charCodeAt(this.pos);
    return c >= 48 && c <= 57;
  }
}
