/**
 * The fast path's symbol table: every entry defined (the fast path gives up on any symbol the
 * general assembler would mark unresolved or poisoned), looked up by name where it stands in
 * the line text (textTable.ts), its value and length read from typed arrays. The entries of the
 * program's symbols are the Image's own ImageSymbol objects (value a number), made once at
 * the definition; the few values a double cannot hold exactly keep their bigint beside them, and
 * the values that are 32-bit integers are read back as small integers (`ints`).
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

/** In `ints`: the value is not a 32-bit integer (or is -2^31 itself): read it from `values`. */
const NOT_INT = -(2 ** 31);

const NOWHERE: SourceLocation = { file: '', line: 0, column: 0, endColumn: 0 };

export class FastSymbols {
  /**
   * Every symbol is numbered in definition order, the predefined flags first (as the general
   * SymbolTable): number i is predefined[i], then defined[i - predefined.length]. One array of
   * the program's symbols (the Image's own) rather than a second one of all of them: each
   * array a symbol goes into costs a store, and its growth a copy, per symbol.
   */
  private readonly predefined: PredefinedSymbol[] = [];
  /** Each symbol's number, by name. */
  private readonly names = new TextTable();
  /** By number: the value (a double) and the length attribute, read without the symbol object. */
  private values = new Float64Array(1024);
  private lengths = new Int32Array(1024);
  /**
   * The value again when it is a 32-bit integer, else NOT_INT: read from here it is a small
   * integer even in unoptimised code, and so is what textExpr.ts computes from it (a Float64Array
   * gives a heap number there, which, stored in a result object, boxes that field for good).
   */
  private ints = new Int32Array(1024);
  /** The same without the predefined flags: the Image's symbols. */
  private readonly defined: ImageSymbol[] = [];
  /** Names defined by a built-in copybook (they may be defined again, to the same value). */
  private readonly builtins = new Set<string>();
  /** Values beyond ±(2^53 - 1), exactly. */
  private readonly exact = new Map<string, bigint>();

  constructor() {
    for (const [name, value] of Object.entries(PREDEFINED_FLAGS)) {
      const p: PredefinedSymbol = { name, value, length: 1, kind: 'predefined', loc: NOWHERE };
      this.predefined.push(p); // all before the program's symbols
      this.number(p, false);
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

  /** `indexOf` with the name's hash (textTable.ts hashEnd) already computed. */
  indexOfHashed(h: number, text: string, from: number, to: number): number {
    return this.names.findHashed(h, text, from, to);
  }

  /** The value of symbol `i` when a double holds it exactly (textExpr.ts computes in doubles), else NaN. */
  exactValue(i: number): number {
    const n = this.ints[i] as number;
    if (n !== NOT_INT) return n;
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
    if (i < 0) return undefined;
    const p = this.predefined;
    return i < p.length ? p[i] : this.defined[i - p.length];
  }

  /**
   * Adds a symbol whose name `find` does not know (value exact, not built-in); `afterFind`: that
   * `find` was the last one, for this very name.
   */
  add(sym: ImageSymbol, afterFind = false): void {
    this.defined.push(sym);
    this.number(sym, afterFind);
  }

  /** Numbers the symbol just added (the next number): its value, length and name by that number. */
  private number(sym: FastSymbol, afterFind: boolean): void {
    const i = this.predefined.length + this.defined.length - 1;
    if (i >= this.values.length) {
      const values = new Float64Array(i * 2);
      values.set(this.values);
      this.values = values;
      const lengths = new Int32Array(i * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const ints = new Int32Array(i * 2);
      ints.set(this.ints);
      this.ints = ints;
    }
    this.values[i] = sym.value;
    this.ints[i] = (sym.value | 0) === sym.value && sym.value !== NOT_INT ? sym.value : NOT_INT;
    this.lengths[i] = sym.length;
    this.names.add(sym.name, afterFind); // numbered i too
  }
}
