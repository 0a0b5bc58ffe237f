/**
 * Hovers: a CCW decoded as the channel will see it, a symbol's value and definition, an ORB's
 * fields, and the meaning of operations, flags, keywords and command-code names.
 */
import { ORB, commandClass, decodeCcw, hex, hexBytes } from '../arch';
import { decodeEbcdic } from '../asm/ebcdic';
import { expectField } from '../asm/expectFields';
import type { ImageSymbol, StorageChunk } from '../asm/image';
import type { Analysis } from './analysis';
import { commandName } from './deviceNames';
import { copybookEntries, flagInfo, flagNames, operationInfo, orbKeyword } from './knowledge';
import { wordAt, type Word } from './scan';
import { ccwTargets, readStorage, symbolFor } from './storage';
import { range, type HoverResult, type Position } from './types';

/** Bytes of a CCW's data area shown in its hover. */
const DATA_PREVIEW = 16;

const x = (v: number, digits = 2) => `X'${hex(v, digits)}'`;

function chunkOn(a: Analysis, line: number, kinds: readonly StorageChunk['kind'][]): StorageChunk | undefined {
  return a.result.image.chunks.find((c) => c.loc.file === a.file && c.loc.line === line + 1 && kinds.includes(c.kind));
}

/** EBCDIC text of bytes, with non-printing characters as dots. */
function ebcdicText(bytes: Uint8Array): string {
  return [...decodeEbcdic(bytes)].map((ch) => (ch >= ' ' && ch <= '~' ? ch : '.')).join('');
}

/** Markdown for a CCW placed by the statement on `line`. */
export function describeCcw(a: Analysis, chunk: StorageChunk): string {
  const image = a.result.image;
  const format1 = chunk.kind === 'ccw1';
  const ccw = decodeCcw(chunk.bytes, 0, format1);
  const target = ccwTargets(image).get(chunk.address);
  const device = target?.device ?? (image.devices.length === 1 ? image.devices[0] : undefined);
  const how = target ? target.via : device ? 'the only device' : undefined;
  const cls = commandClass(ccw.cmd, format1);
  const devName = device ? commandName(device.type, ccw.cmd) : null;
  const copyNames = [...new Set(a.result.image.symbols.filter((s) => s.value === ccw.cmd && a.isCopybookSymbol(s) && copybookEntries(s.name).some((e) => e.command)).map((s) => s.name))];
  const lines: string[] = [];
  lines.push(`**${format1 ? 'CCW1' : 'CCW0'}** at ${x(chunk.address, 8)}${chunk.label ? ` (${chunk.label})` : ''}: \`${hexBytes(chunk.bytes, 4)}\``);
  lines.push('');
  const name = cls === 'tic' ? 'TRANSFER IN CHANNEL' : (devName ?? (copyNames.length ? copyNames.join(' / ') : `${cls} command`));
  const on = device ? ` on ${hex(device.devno, 4)} (${device.type}${how ? `, ${how}` : ''})` : '';
  lines.push(`- command ${x(ccw.cmd)} **${name}**${on}${copyNames.length && devName ? ` — \`${copyNames.join('`, `')}\`` : ''}`);
  if (cls === 'tic') {
    const sym = symbolFor(image, ccw.cda);
    lines.push(`- transfers to ${x(ccw.cda, format1 ? 8 : 6)}${sym ? ` (${sym})` : ''}`);
    return lines.join('\n');
  }
  const names = flagNames(ccw.flags);
  lines.push(`- flags ${x(ccw.flags)}${names.length ? `: ${names.map((n) => `**${n}** (${flagInfo(n)?.meaning ?? ''})`).join('; ')}` : ' (none: the program ends with this CCW)'}`);
  lines.push(`- count ${ccw.count} (${x(ccw.count, 4)})`);
  const sym = symbolFor(image, ccw.cda);
  lines.push(`- data address ${x(ccw.cda, format1 ? 8 : 6)}${sym ? ` (${sym})` : ''}`);
  if (ccw.count > 0) {
    const n = Math.min(ccw.count, DATA_PREVIEW);
    const data = readStorage(image, ccw.cda, n);
    lines.push(
      data.covered
        ? `- data: \`${hexBytes(data.bytes, 4)}\`${ccw.count > n ? ' …' : ''} \`${ebcdicText(data.bytes)}\``
        : '- data: no statement places bytes there (zeros when the program starts)',
    );
  }
  return lines.join('\n');
}

/** Markdown for the ORB the statement on `line` placed: every field that is set. */
export function describeOrb(a: Analysis, chunk: StorageChunk): string {
  const rows = ORB.describe(chunk.bytes).filter((d) => d.value !== 0 || ['key', 'cpa', 'intparm'].includes(d.name));
  const lines = [`**ORB** at ${x(chunk.address, 8)}${chunk.label ? ` (${chunk.label})` : ''}`, ''];
  for (const d of rows) {
    if (d.name.startsWith('word') || d.name.endsWith('Reserved')) continue;
    const extra = d.name === 'cpa' && typeof d.value === 'number' ? symbolFor(a.result.image, d.value) : undefined;
    lines.push(`- \`${d.name}\` ${d.text}${extra ? ` (${extra})` : ''} — ${d.doc} (${d.bits})`);
  }
  return lines.join('\n');
}

function symbolHover(a: Analysis, sym: ImageSymbol): string {
  const lines: string[] = [];
  const copybook = a.isCopybookSymbol(sym) ? copybookEntries(sym.name).find((e) => e.value === sym.value) : undefined;
  const value = sym.value <= 0xff ? x(sym.value) : x(sym.value, sym.value <= 0xffffff ? 6 : 8);
  lines.push(`**${sym.name}** ${sym.kind === 'equ' ? 'EQU' : 'label'} = ${value} (${sym.value}), length ${sym.length}`);
  if (copybook) {
    lines.push('', `COPY ${copybook.copybook}: ${copybook.meaning}`);
    if (copybook.command) {
      const names = a.result.image.devices.map((d) => {
        const n = commandName(d.type, sym.value);
        return n ? `${n} on ${hex(d.devno, 4)} (${d.type})` : undefined;
      }).filter(Boolean);
      if (names.length) lines.push('', names.join('; '));
    } else lines.push('', copybook.section);
    return lines.join('\n');
  }
  const src = a.sources.get(sym.loc.file);
  const text = src === undefined ? undefined : (sym.loc.file === a.file ? a.lines : src.split(/\r\n|\r|\n/))[sym.loc.line - 1];
  lines.push('', sym.loc.file === a.file ? `defined at line ${sym.loc.line}` : `defined at ${sym.loc.file}:${sym.loc.line}`);
  if (text !== undefined) lines.push('```ccw', text.trimEnd(), '```');
  return lines.join('\n');
}

function wordHover(a: Analysis, line: number, op: string, w: Word): string | undefined {
  const upper = w.text.toUpperCase();
  switch (w.role) {
    case 'op': {
      const info = operationInfo(upper);
      if (!info) return undefined;
      const chunk = chunkOn(a, line, ['ccw0', 'ccw1']);
      if (chunk) return describeCcw(a, chunk);
      const orb = chunkOn(a, line, ['orb']);
      if (orb) return describeOrb(a, orb);
      return `**${info.name}** (${info.cls} statement)\n\n\`${info.syntax}\`\n\n${info.doc}`;
    }
    case 'label': {
      const chunk = chunkOn(a, line, ['ccw0', 'ccw1']);
      if (chunk) return describeCcw(a, chunk);
      const orb = chunkOn(a, line, ['orb']);
      if (orb) return describeOrb(a, orb);
      const sym = a.symbol(upper);
      return sym ? symbolHover(a, sym) : undefined;
    }
    case 'flag': {
      const f = flagInfo(upper);
      return f ? `**${f.name}** CCW flag ${x(f.value)}\n\n${f.meaning}` : undefined;
    }
    case 'keyword': {
      if (op === 'ORB') {
        const k = orbKeyword(upper);
        return k ? `**${k.keyword}=** ORB \`${k.field}\` (${k.bits})\n\n${k.doc}` : undefined;
      }
      if (op === 'EXPECT') {
        const f = expectField(upper);
        return f ? `**${f.name}** expectation\n\n${f.doc}${f.names ? `\n\nnames: ${Object.keys(f.names).join(' ')}` : ''}` : undefined;
      }
      return undefined;
    }
    case 'value': {
      if (op === 'EXPECT' && w.keyword) {
        const f = expectField(w.keyword);
        const v = f?.names?.[upper];
        if (f && v !== undefined) return `**${upper}** = ${x(v)} in ${f.name} (${f.doc})`;
      }
      return undefined;
    }
    case 'name': {
      const sym = a.symbol(upper);
      return sym ? symbolHover(a, sym) : undefined;
    }
    default:
      return undefined;
  }
}

/** The hover at a 0-based position of the main file, or undefined when there is nothing to say. */
export function hoverAt(a: Analysis, pos: Position): HoverResult | undefined {
  try {
    const s = a.line(pos.line);
    if (!s) return undefined;
    const w = wordAt(s, pos.character);
    if (!w) return undefined;
    const contents = wordHover(a, pos.line, s.op, w);
    return contents ? { contents, range: range(pos.line, w.start, w.end) } : undefined;
  } catch {
    return undefined; // a hover is never worth an exception in the editor
  }
}
