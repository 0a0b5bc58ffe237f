/**
 * The assembly's detail, for listings and editors (only built when asked for): the columns of
 * every statement's fields, what it placed, and every use of a symbol with its columns.
 */
import { CCW0, CCW1, IDAW1, IDAW2, MIDAW, ORB } from '../arch';
import { locate } from './diagnostics';
import type { AssemblyDetail, ColumnRange, ListedLine, StatementInfo, StorageChunk, SymbolReference } from './image';
import { splitOperands, type Field } from './lexer';
import type { Statement } from './statements';
import type { SymbolTable } from './symbols';

const range = (f: Field): ColumnRange => ({ column: f.column, endColumn: f.endColumn, text: f.text });

/** ADDR1 of the listing: the address a CCW, IDAW or MIDAW points to, an ORB's CPA. */
function addr1(c: StorageChunk): number | undefined {
  switch (c.kind) {
    case 'ccw0':
      return CCW0.decode(c.bytes).cda;
    case 'ccw1':
      return CCW1.decode(c.bytes).cda;
    case 'orb':
      return ORB.decode(c.bytes).cpa;
    case 'idaw1':
      return IDAW1.decode(c.bytes).address;
    case 'idaw2':
      return IDAW2.decode(c.bytes).address;
    case 'midaw':
      return MIDAW.decode(c.bytes).address;
    default:
      return undefined;
  }
}

/**
 * Symbol uses in a parsed statement: every `sym` and `len` node of its expressions. Names an
 * EXPECT field knows by itself (DSTAT=CE) are the field's, not symbols, and are skipped.
 */
function collectRefs(node: unknown, names: Readonly<Record<string, number>> | undefined, out: (name: string, span: { column: number; endColumn: number }, len: boolean) => void): void {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, names, out);
    return;
  }
  const o = node as Record<string, unknown>;
  if ((o['k'] === 'sym' || o['k'] === 'len') && typeof o['name'] === 'string' && typeof o['span'] === 'object') {
    const name = o['name'];
    if (o['k'] === 'len' || !names || !Object.hasOwn(names, name)) out(name, o['span'] as { column: number; endColumn: number }, o['k'] === 'len');
    return;
  }
  // A parsed EXPECT check: its value may use the field's own names.
  const spec = o['spec'] as { names?: Readonly<Record<string, number>> } | undefined;
  const inner = spec && typeof spec === 'object' && 'value' in o ? spec.names : names;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'span' || key === 'spec' || key === 'src') continue;
    collectRefs(value, key === 'value' ? inner : names, out);
  }
}

export function buildDetail(
  statements: readonly Statement[],
  lines: readonly ListedLine[],
  chunkOf: ReadonlyMap<Statement, StorageChunk>,
  locBefore: ReadonlyMap<Statement, number>,
  symbols: SymbolTable,
): AssemblyDetail {
  const infos: StatementInfo[] = [];
  const references: SymbolReference[] = [];
  for (const stmt of statements) {
    const index = stmt.src.seq;
    const listed = lines[index];
    if (!listed) continue;
    const p = stmt.src.parts;
    const chunk = chunkOf.get(stmt);
    const k = stmt.body.k;
    const storage = k === 'dc' || k === 'ds' || k === 'ccw' || k === 'idaw' || k === 'midaw' || k === 'orb' || k === 'equ' || k === 'org';
    const address = chunk?.address ?? (storage ? locBefore.get(stmt) : undefined);
    const a1 = chunk ? addr1(chunk) : undefined;
    let a2: number | undefined;
    if (k === 'equ' && stmt.label) {
      const r = symbols.lookup(stmt.label.name);
      if (typeof r === 'object') a2 = Number(r.value);
    }
    infos.push({
      index,
      file: listed.file,
      line: listed.line,
      ...(p.label ? { label: range(p.label) } : {}),
      ...(p.op ? { operation: range(p.op) } : {}),
      operands: p.operands ? splitOperands(p.operands).map(range) : [],
      op: stmt.op,
      ...(address !== undefined ? { address } : {}),
      ...(chunk ? { bytes: chunk.bytes } : {}),
      ...(a1 !== undefined ? { addr1: a1 } : {}),
      ...(a2 !== undefined ? { addr2: a2 } : {}),
    });
    collectRefs(stmt.body, undefined, (name, span, len) => {
      const def = symbols.get(name);
      if (!def || def.kind === 'predefined') return;
      references.push({ name, loc: locate(stmt.src.origin, span), index, lengthAttribute: len });
    });
  }
  return { lines, statements: infos, references };
}
