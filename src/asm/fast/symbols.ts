/**
 * The fast path's symbol table: one Map, every entry defined (the fast path gives up on any
 * symbol the general assembler would mark unresolved or poisoned), so a lookup is one `get`.
 * Entries are shaped like the general table's `LookupResult` objects, so the general
 * evaluator and statement encoders can read them directly.
 */
import type { SourceLocation } from '../image';
import { PREDEFINED_FLAGS } from '../symbols';
import type { LookupResult } from '../symbols';

export interface FastSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly length: number;
  readonly kind: 'label' | 'equ' | 'predefined';
  readonly loc: SourceLocation;
  readonly builtin: boolean;
}

const NOWHERE: SourceLocation = { file: '', line: 0, column: 0, endColumn: 0 };

export class FastSymbols {
  readonly map = new Map<string, FastSymbol>();

  constructor() {
    // Same names, values and insertion order as the general SymbolTable.
    for (const [name, value] of Object.entries(PREDEFINED_FLAGS)) {
      this.map.set(name, { name, value: BigInt(value), length: 1, kind: 'predefined', loc: NOWHERE, builtin: true });
    }
  }

  /** One function for every evaluation (not a closure per statement). */
  readonly lookup = (name: string): LookupResult => this.map.get(name) ?? 'undefined';

  /**
   * Adds a symbol. False when the general assembler would report the definition (a duplicate);
   * true also for the one silent case, a built-in copybook defining the same value again.
   */
  define(sym: FastSymbol): boolean {
    const old = this.map.get(sym.name);
    if (!old) {
      this.map.set(sym.name, sym);
      return true;
    }
    return old.builtin && sym.builtin && old.kind !== 'predefined' && old.value === sym.value;
  }
}
