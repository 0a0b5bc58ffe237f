/**
 * The symbol table. Symbols are case-insensitive (kept upper case). The CCW flag names are
 * predefined (LANGUAGE.md: "Predefined names cannot be redefined"), with their values taken
 * from the CCW flags table in src/arch plus `SUSP`, the alias LANGUAGE.md gives for `S`.
 */
import { CF } from '../arch';
import type { SourceLocation } from './image';
import type { Expr } from './expr';

export type SymbolState = 'defined' | 'unresolved' | 'poisoned';

export interface SymbolDef {
  readonly name: string;
  value: bigint;
  length: number;
  readonly kind: 'label' | 'equ' | 'predefined';
  readonly loc: SourceLocation;
  /** unresolved: an EQU waiting for a forward reference; poisoned: its definition had an error. */
  state: SymbolState;
  /** Defined by a built-in copybook (COPY ECKD / COPY UNITREC). */
  readonly builtin: boolean;
}

export const PREDEFINED_FLAGS: Readonly<Record<string, number>> = { ...CF, SUSP: CF.S };

const NOWHERE: SourceLocation = { file: '', line: 0, column: 0, endColumn: 0 };

export type LookupResult = { readonly value: bigint; readonly length: number } | 'undefined' | 'unresolved' | 'poisoned';

export class SymbolTable {
  private readonly map = new Map<string, SymbolDef>();

  constructor() {
    for (const [name, value] of Object.entries(PREDEFINED_FLAGS)) {
      this.map.set(name, { name, value: BigInt(value), length: 1, kind: 'predefined', loc: NOWHERE, state: 'defined', builtin: true });
    }
  }

  get(name: string): SymbolDef | undefined {
    return this.map.get(name);
  }

  /** Adds a symbol; returns the earlier definition instead when the name is taken. */
  define(def: SymbolDef): SymbolDef | undefined {
    const old = this.map.get(def.name);
    if (old) return old;
    this.map.set(def.name, def);
    return undefined;
  }

  lookup(name: string): LookupResult {
    const s = this.map.get(name);
    if (!s) return 'undefined';
    if (s.state !== 'defined') return s.state;
    return s; // the definition itself carries value and length: no object per lookup

  }

  /** Symbols the program (or its copybooks) defined, in definition order. */
  userSymbols(): SymbolDef[] {
    return [...this.map.values()].filter((s) => s.kind !== 'predefined');
  }
}

const PREDEFINED_NAMES: ReadonlySet<string> = new Set(Object.keys(PREDEFINED_FLAGS));
/** Longer names cannot be flag names: most labels are decided by their length alone. */
const LONGEST_FLAG = Math.max(...Object.keys(PREDEFINED_FLAGS).map((n) => n.length));

export const isPredefinedFlag = (name: string): boolean => name.length <= LONGEST_FLAG && PREDEFINED_NAMES.has(name);

/**
 * HLASM: an EQU without a length operand takes the length attribute of its leftmost term (1
 * when that term is not a defined symbol). `lookup` is the symbol table the caller assembles
 * with (the general one above, or the fast path's).
 */
export function leftmostLength(e: Expr, lookup: (name: string) => LookupResult): number {
  let t = e;
  while (t.k === 'bin') t = t.l;
  if (t.k !== 'sym') return 1;
  const r = lookup(t.name);
  return typeof r === 'object' ? r.length : 1;
}
