/**
 * Debug console commands in the vocabulary of Hercules and z/VM users. Every answer is read
 * from snapshots the machine holds (no STSCH through the schib region, no CRW pop): nothing
 * here changes the machine. `trace on|off` changes only what the session prints, and says so.
 */
import { IRB, ORB_AREA, SCHIB, hex, hexBytes, type FieldDescription } from '../arch';
import type { Device } from '../css';
import { Dasd3390, parseTrack } from '../devices';
import { dataBytes, keyBytes } from '../devices/dasd/ckdTrack';
import type { Runtime } from '../runtime/runtime';
import { regionsSnapshot } from './regions';

export interface ConsoleContext {
  readonly runtime: Runtime;
  readonly ebcdic: (bytes: Uint8Array) => string;
  readonly setTrace: (on: boolean) => void;
  readonly traceOn: () => boolean;
}

export const CONSOLE_COMMANDS: readonly { readonly name: string; readonly usage: string; readonly help: string }[] = [
  { name: 'x', usage: 'x ADDR [LEN]', help: 'guest storage in hex and EBCDIC (ADDR hex or a symbol, LEN decimal, default 64)' },
  { name: 'irb', usage: 'irb', help: 'the IRB stored by the last TEST SUBCHANNEL (WAIT or TSCH)' },
  { name: 'schib', usage: 'schib DEVNO', help: 'the SCHIB STORE SUBCHANNEL would store now (no STSCH is issued)' },
  { name: 'crw', usage: 'crw', help: 'channel report words: pending ones (not taken) and the last stored by STCRW' },
  { name: 'orb', usage: 'orb [DEVNO]', help: 'the ORB of the last START SUBCHANNEL' },
  { name: 'dasd', usage: 'dasd DEVNO [CYL HEAD]', help: 'the DASD state: geometry, position, orientation, extent, file mask, sense; with CYL HEAD the records of that track' },
  { name: 'fsm', usage: 'fsm', help: 'the vfio-ccw mediated devices: FSM state and io region' },
  { name: 'iommu', usage: 'iommu', help: 'pinned pages and host allocations of the vfio path' },
  { name: 'trace', usage: 'trace on|off', help: 'I/O trace lines in the console and as ccw/trace events (changes only the session output)' },
  { name: 'help', usage: 'help', help: 'this list' },
];

/** Runs a console line; null when it is not a console command (then it is an expression). */
export function runConsoleCommand(line: string, c: ConsoleContext): string | null {
  const words = line.trim().split(/\s+/);
  const cmd = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  const r = c.runtime;
  const m = r.machine;
  switch (cmd) {
    case 'help':
      return CONSOLE_COMMANDS.map((x) => `${x.usage.padEnd(24)} ${x.help}`).join('\n');
    case 'x': {
      if (args.length < 1 || args.length > 2) return 'usage: x ADDR [LEN]';
      const address = addressOf(args[0] as string, r);
      if (address === null) return `x: ${args[0]} is neither a hex address nor a symbol`;
      const len = args[1] === undefined ? 64 : Number(args[1]);
      if (!Number.isInteger(len) || len < 1 || len > 4096) return 'x: LEN must be 1 to 4096';
      const bytes = m.guest.read(address, Math.min(len, Math.max(0, m.guest.size - address)));
      if (!bytes || bytes.length === 0) return `x: X'${hex(address, 8)}' is outside guest storage (${m.guest.size} bytes)`;
      return dump(address, bytes, c.ebcdic);
    }
    case 'irb': {
      const irb = m.driver.lastIrb;
      return irb ? describe('IRB', IRB.describe(irb)) : 'no IRB yet: a WAIT or TSCH stores one';
    }
    case 'schib': {
      const d = deviceArg(args[0], r);
      if (typeof d === 'string') return d;
      const sch = m.io.subchannel(d.schno);
      return sch ? describe(`SCHIB 0.0.${hex(d.schno, 4)} (device ${hex(d.devno, 4)})`, SCHIB.describe(sch.schibBytes())) : `no subchannel for ${hex(d.devno, 4)}`;
    }
    case 'orb': {
      const d = deviceArg(args[0], r);
      if (typeof d === 'string') return d;
      const orb = m.io.subchannel(d.schno)?.orb;
      return orb ? describe(`ORB of the last START SUBCHANNEL to ${hex(d.devno, 4)}`, ORB_AREA.describe(ORB_AREA.encode(orb))) : `no START SUBCHANNEL to ${hex(d.devno, 4)} has been accepted yet`;
    }
    case 'crw': {
      const lines: string[] = [];
      const queue = (m.css as unknown as { crws?: { peek?: () => Uint8Array[] } }).crws;
      const pending = typeof queue?.peek === 'function' ? queue.peek() : null;
      lines.push(pending === null ? 'pending CRWs: (this channel subsystem keeps no CRW queue)' : pending.length === 0 ? 'pending CRWs: none' : `pending CRWs: ${pending.map((b) => `X'${[...b].map((x) => hex(x, 2)).join('')}'`).join(' ')}`);
      const last = [...m.driver.records].reverse().find((x) => x.statement.op === 'STCRW');
      lines.push(last ? `last STCRW (line ${last.statement.loc.line}): cc ${last.cc ?? '-'}${last.message ? ` — ${last.message}` : ''}` : 'no STCRW has run yet');
      return lines.join('\n');
    }
    case 'dasd': {
      const d = deviceArg(args[0], r);
      if (typeof d === 'string') return d;
      const usage = 'usage: dasd DEVNO [CYL HEAD] (decimal cylinder and head)';
      if (args.length === 2 || args.length > 3) return usage;
      if (args.length === 3 && (!/^\d+$/.test(args[1] as string) || !/^\d+$/.test(args[2] as string))) return usage;
      const rows = d.device.inspect();
      const text = [`${hex(d.devno, 4)} ${d.device.description}`, ...rowsText(rows, '  ')];
      if (args.length === 3) text.push(...trackText(d.device, Number(args[1]), Number(args[2]), c.ebcdic));
      return text.join('\n');
    }
    case 'fsm': {
      const s = regionsSnapshot(m);
      if (m.path !== 'vfio') return 'PATH direct: there is no mediated device';
      return s.devices.map((d) => [`${d.devno} ${d.description}: FSM ${d.fsm ?? '-'}`, ...d.regions.flatMap((g) => g.fields.map((f) => `  ${g.name}.${f.name.padEnd(10)} ${f.value}`))].join('\n')).join('\n');
    }
    case 'iommu': {
      if (!m.iommu || !m.hostMemory) return 'PATH direct: there is no IOMMU';
      const pins = m.iommu.pinnedPages();
      const allocs = m.hostMemory.liveAllocations();
      return [
        `pinned pages: ${pins.length === 0 ? 'none' : ''}`,
        ...pins.map((p) => `  IOVA X'${hex(p.iovaPage, 8)}' → host X'${hex(p.hostAddress, 8)}' refs ${p.refs}`),
        `host allocations: ${allocs.length === 0 ? 'none' : ''}`,
        ...allocs.map((a) => `  X'${hex(a.address, 8)}' ${a.size} bytes ${a.purpose}`),
      ].join('\n');
    }
    case 'trace': {
      const arg = (args[0] ?? '').toLowerCase();
      if (arg === '') return `trace is ${c.traceOn() ? 'on' : 'off'}`;
      if (arg !== 'on' && arg !== 'off') return 'usage: trace on|off';
      c.setTrace(arg === 'on');
      return `trace ${arg} (changes only what this session prints; the machine is untouched)`;
    }
    default:
      return null;
  }
}

/** Completions for a console line at `column` (1-based): commands, device numbers, symbols. */
export function consoleCompletions(text: string, column: number, r: Runtime | null): { label: string; type: 'function' | 'value' | 'variable' | 'keyword'; start: number; length: number }[] {
  const before = text.slice(0, Math.max(0, column - 1));
  const m = /(\S*)$/.exec(before);
  const word = m?.[1] ?? '';
  const start = before.length - word.length;
  const lower = word.toLowerCase();
  const first = before.trim().split(/\s+/).length <= 1 && !/\s$/.test(before);
  const out: { label: string; type: 'function' | 'value' | 'variable' | 'keyword'; start: number; length: number }[] = [];
  const add = (label: string, type: 'function' | 'value' | 'variable' | 'keyword') => {
    if (label.toLowerCase().startsWith(lower)) out.push({ label, type, start, length: word.length });
  };
  if (first) {
    for (const c of CONSOLE_COMMANDS) add(c.name, 'function');
  } else {
    const cmd = before.trim().split(/\s+/)[0]?.toLowerCase();
    if (cmd === 'trace') ['on', 'off'].forEach((w) => add(w, 'keyword'));
    if (r && (cmd === 'schib' || cmd === 'dasd' || cmd === 'orb')) for (const d of r.machine.devices) add(hex(d.devno, 4), 'value');
  }
  if (r && (!first || out.length === 0)) for (const s of r.machine.image.symbols.slice(0, 2000)) add(s.name, 'variable');
  if (first) for (const f of ['CC', 'RET', 'PGM', 'DSTAT', 'SCHSTAT', 'FCTL', 'ACTL', 'STCTL', 'CPA', 'COUNT', 'KEY', 'INTPARM', 'FSM', 'MEM(', 'SENSE(']) add(f, 'keyword');
  return out.slice(0, 200);
}

function addressOf(text: string, r: Runtime): number | null {
  const sym = r.machine.image.symbols.find((s) => s.name.toUpperCase() === text.toUpperCase());
  if (sym) return sym.value;
  const m = /^(?:0x|X')?([0-9A-Fa-f]{1,8})'?$/.exec(text);
  return m ? parseInt(m[1] as string, 16) : null;
}

function deviceArg(text: string | undefined, r: Runtime) {
  if (text === undefined) return r.focusDevice(1) ?? 'no device is attached';
  if (!/^[0-9A-Fa-f]{1,4}$/.test(text)) return `${text} is not a device number (four hex digits, e.g. 0190)`;
  return r.machine.deviceByDevno(parseInt(text, 16)) ?? `no device ${text.toUpperCase().padStart(4, '0')} is attached (${r.machine.devices.map((d) => hex(d.devno, 4)).join(', ') || 'none'})`;
}

/** Hercules-style storage display: address, four words of hex, EBCDIC. */
export function dump(address: number, bytes: Uint8Array, ebcdic: (b: Uint8Array) => string): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const words: string[] = [];
    for (let w = 0; w < 16; w += 4) words.push([...row.subarray(w, w + 4)].map((b) => hex(b, 2)).join('').padEnd(8));
    lines.push(`${hex(address + i, 8)}  ${words.join(' ')}  *${ebcdic(row).padEnd(16)}*`);
  }
  return lines.join('\n');
}

function describe(title: string, rows: readonly FieldDescription[], indent = '  '): string {
  const out = [title];
  const walk = (list: readonly FieldDescription[], pad: string) => {
    for (const f of list) {
      out.push(`${pad}${f.name.padEnd(12)} ${f.text.padEnd(24)} ${f.bits}`);
      if (f.children) walk(f.children, pad + '  ');
    }
  };
  walk(rows, indent);
  return out.join('\n');
}

/** Bytes of a key or data field shown in the track view; the rest is summed up as a length. */
const TRACK_VIEW_BYTES = 16;

/**
 * The records of one track, read straight from the volume's TrackStore: the store's readTrack
 * has no effect the user can see (the tracks-read counter and the head position live in the
 * device's TrackCursor, which this does not touch; an image store's cache only saves work).
 */
function trackText(device: Device, cylinder: number, head: number, ebcdic: (b: Uint8Array) => string): string[] {
  if (!(device instanceof Dasd3390)) return [`track ${cylinder}/${head}: ${hex(device.devno, 4)} is not a DASD, it has no tracks`];
  const read = device.store.readTrack(cylinder, head);
  if ('error' in read) return [`track ${cylinder}/${head}: ${read.error}`];
  const parsed = parseTrack(read.image, cylinder, head);
  if ('error' in parsed) return [`track ${cylinder}/${head}: ${parsed.error}`];
  const t = parsed.track;
  const out = [`track cylinder ${cylinder} head ${head}: ${t.records.length} record(s), home address flag X'${hex(t.haFlag, 2)}' (read from the volume; the head does not move)`];
  for (const r of t.records) {
    out.push(`  R${r.r}  CCHHR ${hex(r.cylinder, 4)} ${hex(r.head, 4)} ${hex(r.r, 2)}  KL ${r.kl}  DL ${r.dl}`);
    if (r.kl > 0) out.push(fieldText('key ', keyBytes(t, r), ebcdic));
    out.push(fieldText('data', dataBytes(t, r), ebcdic));
  }
  return out;
}

/** `    data 00060000 0000000F … *....* (24 bytes)`: the first bytes in hex and EBCDIC. */
function fieldText(name: string, bytes: Uint8Array, ebcdic: (b: Uint8Array) => string): string {
  if (bytes.length === 0) return `      ${name} (none)`;
  const shown = bytes.subarray(0, TRACK_VIEW_BYTES);
  const more = bytes.length > shown.length ? ` … (${bytes.length} bytes)` : '';
  return `      ${name} ${hexBytes(shown, 4)}  *${ebcdic(shown)}*${more}`;
}

function rowsText(rows: readonly { name: string; value: string; children?: readonly { name: string; value: string; children?: unknown }[] }[], pad: string): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`${pad}${r.name}: ${r.value}`);
    if (r.children) out.push(...rowsText(r.children as typeof rows, pad + '  '));
  }
  return out;
}
