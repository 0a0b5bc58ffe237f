/**
 * The outline (document symbols): devices, ORBs, channel programs with their CCWs, data
 * areas, EQUs and driver steps, in source order. A channel program is a run of CCW statements
 * with nothing but comments between them, named by its first label.
 */
import type { Analysis } from './analysis';
import type { ScannedLine } from './scan';
import { range, type OutlineKind, type OutlineSymbol } from './types';

const CCW_OPS = new Set(['CCW', 'CCW0', 'CCW1']);
const DATA_OPS = new Set(['DC', 'DS', 'IDAW1', 'IDAW2', 'MIDAW']);
const CONFIG_OPS = new Set(['PATH', 'STORAGE', 'CODEPAGE', 'COPY']);
const DRIVER_OPS = new Set(['SSCH', 'WAIT', 'TSCH', 'HSCH', 'CSCH', 'RSCH', 'XSCH', 'STSCH', 'MSCH', 'SSKE', 'STORE', 'DELAY', 'AWAIT', 'TPI', 'STCRW', 'IPL', 'EXPECT', 'VFIO', 'FAULT', 'END']);

function statementText(s: ScannedLine): string {
  return [s.parts.op?.text.toUpperCase(), s.parts.operands?.text].filter(Boolean).join(' ');
}

function lineRange(a: Analysis, line: number, s: ScannedLine) {
  const text = a.lines[line] ?? '';
  const end = s.parts.operands?.endColumn ?? s.parts.op?.endColumn ?? text.length + 1;
  return range(line, 0, Math.max(1, end - 1));
}

function selection(line: number, s: ScannedLine) {
  const f = s.parts.label ?? s.parts.op;
  return f ? range(line, f.column - 1, f.endColumn - 1) : range(line, 0, 0);
}

export function documentSymbols(a: Analysis): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  let program: { symbol: OutlineSymbol; children: OutlineSymbol[] } | undefined;
  const close = () => {
    if (!program) return;
    const first = program.children[0];
    const last = program.children[program.children.length - 1];
    if (first && last) out.push({ ...program.symbol, range: { start: first.range.start, end: last.range.end }, children: program.children });
    program = undefined;
  };
  const sym = (name: string, detail: string, kind: OutlineKind, line: number, s: ScannedLine): OutlineSymbol => ({
    name,
    detail,
    kind,
    range: lineRange(a, line, s),
    selectionRange: selection(line, s),
    children: [],
  });
  try {
    for (let line = 0; line < a.lines.length; line++) {
      const s = a.line(line);
      if (!s || !s.parts.op) continue; // comments do not end a channel program
      const op = s.op;
      const label = s.parts.label?.text.toUpperCase();
      const operands = s.parts.operands?.text ?? '';
      if (CCW_OPS.has(op)) {
        const ccw = sym(label ?? `${op} ${operands}`, label ? `${op} ${operands}` : '', 'ccw', line, s);
        if (!program) program = { symbol: { ...ccw, name: label ?? `channel program (line ${line + 1})`, detail: 'channel program', kind: 'program' }, children: [] };
        program.children.push(ccw);
        continue;
      }
      close();
      if (op === 'ORB') out.push(sym(label ?? 'ORB', `ORB ${operands}`, 'orb', line, s));
      else if (DATA_OPS.has(op) && label) out.push(sym(label, `${op} ${operands}`, 'data', line, s));
      else if (op === 'EQU' && label) out.push(sym(label, `EQU ${operands}`, 'equ', line, s));
      else if (op === 'DEVICE') out.push(sym(`DEVICE ${operands.split(',').slice(0, 2).join(',')}`, operands, 'device', line, s));
      else if (CONFIG_OPS.has(op)) out.push(sym(statementText(s), '', 'config', line, s));
      else if (DRIVER_OPS.has(op)) out.push(sym(statementText(s), label ?? '', 'driver', line, s));
    }
    close();
  } catch {
    // an outline is best effort: whatever was built so far is still right
  }
  return out;
}
