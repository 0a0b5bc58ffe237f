/**
 * The fast path's symbol table: every entry defined (the fast path gives up on any symbol the
 * general assembler would mark unresolved or poisoned), looked up by name where it stands in
 * the line text (textTable.ts), its value and length read from typed arrays. The entries of the
 * program's symbols are the Image's own ImageSymbol objects (value as a double), made once at
 * the definition; the few values a double cannot hold exactly keep their bigint beside them.
 */
import type { ImageSymbol, SourceLocation } from '../image';
import { PREDEFINED_FLAGS } from '../symbols';
import type { LookupResult } from '../symbols';
import { TextTable } from './textTable';

/** A predefined flag name (CC, SLI, ...): looked up like a symbol, never in the Image. */
export interface PredefinedSymbol {
  readonly name: string;
  readonly value: number;
  readonly length: number;
  readonly kind: 'predefined';
  readonly loc: SourceLocation;
}

export type FastSymbol = ImageSymbol | PredefinedSymbol;

const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);

const NOWHERE: SourceLocation = { file: '', line: 0, column: 0, endColumn: 0 };

export class FastSymbols {
  /** Every symbol in definition order, the predefined flags first (as the general SymbolTable). */
  readonly list: FastSymbol[] = [];
  /** Each symbol's index in `list`, by name. */
  private readonly names = new TextTable();
  /** By index in `list`: the value (a double) and the length attribute, read without the symbol object. */
  private values = new Float64Array(1024);
  private lengths = new Int32Array(1024);
  /** The same without the predefined flags: the Image's symbols. */
  private readonly defined: ImageSymbol[] = [];
  /** Names defined by a built-in copybook (they may be defined again, to the same value). */
  private readonly builtins = new Set<string>();
  /** Values beyond ±(2^53 - 1), exactly. */
  private readonly exact = new Map<string, bigint>();

  constructor() {
    for (const [name, value] of Object.entries(PREDEFINED_FLAGS)) {
      const p: PredefinedSymbol = { name, value, length: 1, kind: 'predefined', loc: NOWHERE };
      this.add(p);
      this.builtins.add(name);
    }
  }

  /** For the general evaluator and encoders (the statements the fast path reads their way). */
  readonly lookup = (name: string): LookupResult => {
    const s = this.find(name, 0, name.length);
    return s ? { value: this.valueOf(s), length: s.length } : 'undefined';
  };

  /** A symbol's value, exactly. */
  valueOf(s: FastSymbol): bigint {
    return this.exact.get(s.name) ?? BigInt(s.value);
  }

  /**
   * Defines a symbol the general way. False when the general assembler would report the
   * definition (a duplicate); true also for the one silent case, a built-in copybook defining
   * the same value again.
   */
  define(name: string, value: bigint, length: number, kind: 'label' | 'equ', loc: SourceLocation, builtin: boolean): boolean {
    const old = this.find(name, 0, name.length);
    if (old) return builtin && this.builtins.has(name) && old.kind !== 'predefined' && this.valueOf(old) === value;
    if (value < -SAFE_BIG || value > SAFE_BIG) this.exact.set(name, value);
    if (builtin) this.builtins.add(name);
    this.add({ name, value: Number(value), length, kind, loc }, true);
    return true;
  }

  /** The program's symbols for the Image, in definition order (the Image's own array). */
  images(): ImageSymbol[] {
    return this.defined;
  }

  /** The index of the symbol named by text[from, to) in any case; -1 when there is none. */
  indexOf(text: string, from: number, to: number): number {
    return this.names.find(text, from, to);
  }

  /** The value of symbol `i` when a double holds it exactly (textExpr.ts computes in doubles), else NaN. */
  exactValue(i: number): number {
    const v = this.values[i] as number;
    return v >= -SAFE && v <= SAFE ? v : NaN;
  }

  /** The length attribute of symbol `i`. */
  lengthOf(i: number): number {
    return this.lengths[i] as number;
  }

  /** The symbol named by text[from, to) in any case; undefined when there is none. */
  find(text: string, from: number, to: number): FastSymbol | undefined {
    const i = this.names.find(text, from, to);
    return i < 0 ? undefined : this.list[i];
  }

  /**
   * Adds a symbol whose name `find` does not know (value exact, not built-in); `afterFind`: that
   * `find` was the last one, for this very name.
   */
  add(sym: FastSymbol, afterFind = false): void {
    const i = this.list.length;
    this.list.push(sym);
    if (sym.kind !== 'predefined') this.defined.push(sym);
    if (i >= this.values.length) {
      const values = new Float64Array(i * 2);
      values.set(this.values);
      this.values = values;
      const lengths = new Int32Array(i * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.values[i] = sym.value;
    this.lengths[i] = sym.length;
    this.names.add(sym.name, afterFind); // numbered i, as in `list`
  }
}
