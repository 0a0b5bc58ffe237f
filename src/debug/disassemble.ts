/**
 * Guest (or host) storage disassembled as CCWs: 8 bytes a CCW, doubleword aligned, shown in
 * HLASM operand order (command, address, flags, count) with the command's name on the device
 * that runs it and addresses as symbols. Decoding goes through the arch CCW tables.
 *
 * Memory references: a decimal or 0x guest address, or `host:0x…` for the translated program
 * vfio-ccw built in host memory (each host CCW is annotated with the guest CCW it came from).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CCW_FLAGS, decodeCcw, hex, hexBytes, maskText, type Ccw } from '../arch';
import type { ImageSymbol } from '../asm/image';
import { guestAddressOf } from '../runtime/guestView';
import type { Runtime } from '../runtime/runtime';

export interface StorageReference {
  readonly space: 'guest' | 'host';
  readonly address: number;
}

/** `4096`, `0x1000`, `X'1000'`, `host:0x…`; null when it is none of these. */
export function parseMemoryReference(ref: unknown): StorageReference | null {
  if (typeof ref !== 'string') return null;
  const host = ref.startsWith('host:');
  const t = (host ? ref.slice(5) : ref).trim();
  const m = /^0x([0-9a-f]{1,12})$/i.exec(t) ?? /^X'([0-9a-f]{1,12})'$/i.exec(t);
  const address = m ? parseInt(m[1] as string, 16) : /^\d{1,15}$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(address) && address >= 0 ? { space: host ? 'host' : 'guest', address } : null;
}

/** Reads storage without side effects; null outside it. */
export function readStorage(runtime: Runtime, ref: StorageReference, length: number): Uint8Array | null {
  const m = runtime.machine;
  if (ref.space === 'guest') return m.guest.read(ref.address, length);
  const host = m.hostMemory;
  if (!host || !host.valid(ref.address, length)) return null;
  const bytes = host.fetch(ref.address, length, 0);
  return typeof bytes === 'string' ? null : bytes.slice();
}

/** A symbol name for an address: the label there, or `LABEL+n` within the label's length. */
export function symbolFor(symbols: readonly ImageSymbol[], address: number): string | null {
  let best: ImageSymbol | null = null;
  for (const s of symbols) {
    if (s.kind !== 'label') continue;
    if (s.value === address) return s.name;
    if (s.value < address && address < s.value + Math.max(1, s.length) && (!best || s.value > best.value)) best = s;
  }
  return best ? `${best.name}+${address - best.value}` : null;
}

export function ccwText(ccw: Ccw, name: string | null, symbols: readonly ImageSymbol[]): string {
  const cmd = `X'${hex(ccw.cmd, 2)}'`;
  const addr = symbolFor(symbols, ccw.cda) ?? `X'${hex(ccw.cda, 8)}'`;
  const flags = ccw.flags === 0 ? '0' : maskText(CCW_FLAGS, ccw.flags).replace(/\+/g, '+');
  const op = (ccw.cmd & 0x0f) === 0x08 ? 'TIC' : (name ?? 'CCW');
  return `${op.padEnd(14)} ${cmd},${addr},${flags},${ccw.count}`;
}

export function disassemble(runtime: Runtime, args: DebugProtocol.DisassembleArguments): DebugProtocol.DisassembledInstruction[] {
  const ref = parseMemoryReference(args.memoryReference);
  const count = Math.max(0, Math.min(Number.isInteger(args.instructionCount) ? args.instructionCount : 0, 10_000));
  if (!ref) return [];
  const offset = Number.isInteger(args.offset) ? (args.offset as number) : 0;
  const first = Math.floor((ref.address + offset) / 8) * 8 + (Number.isInteger(args.instructionOffset) ? (args.instructionOffset as number) : 0) * 8;
  const m = runtime.machine;
  const symbols = m.image.symbols;
  const out: DebugProtocol.DisassembledInstruction[] = [];
  for (let i = 0; i < count; i++) {
    const address = first + i * 8;
    const prefix = ref.space === 'host' ? 'host:' : '';
    const bytes = address >= 0 ? readStorage(runtime, { space: ref.space, address }, 8) : null;
    if (!bytes) {
      out.push({ address: `${prefix}0x${Math.max(0, address).toString(16)}`, instruction: '(outside storage)', presentationHint: 'invalid' });
      continue;
    }
    const chunk = ref.space === 'guest' ? runtime.chunkAt(address) : null;
    const format1 = chunk?.kind !== 'ccw0';
    const ccw = decodeCcw(bytes, 0, format1);
    const device = deviceFor(runtime, ref.space === 'host' ? address : null) ?? runtime.focusDevice(1);
    const name = device?.device.commandName(ccw.cmd) ?? null;
    let text = ccwText(ccw, name, ref.space === 'guest' ? symbols : []);
    if (ref.space === 'host' && device) {
      const guest = guestAddressOf(device, address);
      if (guest !== address) text += `   ← guest X'${hex(guest, 8)}'${symbolFor(symbols, guest) ? ` (${symbolFor(symbols, guest)})` : ''}`;
    }
    const insn: DebugProtocol.DisassembledInstruction = {
      address: `${prefix}0x${address.toString(16)}`,
      instructionBytes: hexBytes(bytes),
      instruction: `${format1 ? 'CCW1' : 'CCW0'} ${text}`,
    };
    const label = ref.space === 'guest' ? symbols.find((s) => s.kind === 'label' && s.value === address) : undefined;
    if (label) insn.symbol = label.name;
    if (chunk && (chunk.kind === 'ccw0' || chunk.kind === 'ccw1')) {
      insn.location = { name: chunk.loc.file.split(/[\\/]/).pop() ?? chunk.loc.file, path: chunk.loc.file };
      insn.line = chunk.loc.line;
    } else if (ref.space === 'guest' && chunk) {
      insn.presentationHint = 'invalid';
      insn.instruction = `DC   X'${hexBytes(bytes)}'   (${chunk.kind} at line ${chunk.loc.line})`;
      insn.line = chunk.loc.line;
      insn.location = { name: chunk.loc.file.split(/[\\/]/).pop() ?? chunk.loc.file, path: chunk.loc.file };
    }
    out.push(insn);
  }
  return out;
}

/** The device whose translated program holds a host address (PATH vfio). */
function deviceFor(runtime: Runtime, hostAddress: number | null): ReturnType<Runtime['focusDevice']> {
  if (hostAddress === null) return undefined;
  return runtime.machine.devices.find((d) => guestAddressOf(d, hostAddress) !== hostAddress);
}
