/**
 * "Guest Storage" rows: a page of guest storage in hex and EBCDIC, 16 bytes a row, with the
 * labels that start in it. Reading storage has no side effect (no reference or change bits are
 * set: GuestStorage.read is the debugger's read, not the channel's).
 */
import { hex, hexBytes } from '../../arch';
import { ebcdicToText } from '../../asm';
import type { Runtime } from '../../runtime/runtime';
import { HeldBytes } from './heldBytes';
import { markShared } from './parts';

export interface StorageRow {
  readonly address: number;
  readonly bytes: readonly number[];
  /** EBCDIC (code page 037), unprintable bytes as '.'. */
  readonly text: string;
  /** Labels starting in this row, with their byte offset in it. */
  readonly symbols: readonly { readonly name: string; readonly offset: number; readonly length: number }[];
}

export interface StoragePage {
  readonly address: number;
  readonly length: number;
  readonly size: number;
  readonly rows: readonly StorageRow[];
  readonly error: string | null;
}

export const ROW = 16;
/** The most one request returns (a page the webview shows at once). */
export const MAX_PAGE = 4096;

export function storagePage(runtime: Runtime, address: number, length: number): StoragePage {
  const size = runtime.machine.guest.size;
  const start = Math.max(0, Math.floor(address / ROW) * ROW);
  const len = Math.max(ROW, Math.min(MAX_PAGE, Math.ceil(length / ROW) * ROW, size - start));
  const g = runtime.machine.guest;
  if (!g.valid(start, len)) return { address: start, length: 0, size, rows: [], error: `X'${hex(address, 8)}' is outside guest storage (${size} bytes)` };
  const symbols = runtime.machine.image.symbols;
  // Storage a step did not write is the page of the previous stop (and the part the client holds):
  // compared where it is (the debugger's side-effect-free view, as read() is), copied only when it changed.
  const last = latest !== undefined && latest.symbols === symbols ? latest : lastPages.get(symbols);
  if (last && last.held.start === start && last.held.bytes.length === len && last.held.heldBy(g.bytes)) {
    latest = last;
    return last.page;
  }
  const held = new HeldBytes(g.bytes, start, len);
  const bytes = held.bytes;
  const labels = symbols.filter((s) => s.kind === 'label' && s.value >= start && s.value < start + len);
  const known = rowCache(symbols);
  const rows: StorageRow[] = [];
  for (let off = 0; off < len; off += ROW) {
    const chunk = bytes.subarray(off, off + ROW);
    const at = start + off;
    // A row of the same bytes at the same address is the same row: reused (and a part the client holds).
    const id = `${at}:${hexBytes(chunk)}`;
    let row = known.get(id);
    if (row) known.delete(id);
    else {
      row = markShared({
        address: at,
        bytes: Array.from(chunk),
        text: ebcdicToText(chunk),
        symbols: labels.filter((s) => s.value >= at && s.value < at + ROW).map((s) => ({ name: s.name, offset: s.value - at, length: s.length })),
      });
    }
    known.set(id, row);
    if (known.size > ROW_CACHE_LIMIT) known.delete(known.keys().next().value as string);
    rows.push(row);
  }
  const page = markShared({ address: start, length: len, size, rows, error: null });
  latest = { symbols, held, page };
  lastPages.set(symbols, latest);
  return page;
}

/** A page built and the bytes it shows. */
interface LastPage {
  readonly symbols: object;
  readonly held: HeldBytes;
  readonly page: StoragePage;
}

/** The last page built per program image (its labels are in it), with the bytes it shows; the latest of them apart. */
const lastPages = new WeakMap<object, LastPage>();
let latest: LastPage | undefined;

/** Rows built recently, per program image (its labels are in them), least recently used first. */
function rowCache(symbols: object): Map<string, StorageRow> {
  let m = rowsBySymbols.get(symbols);
  if (!m) {
    m = new Map();
    rowsBySymbols.set(symbols, m);
  }
  return m;
}

const rowsBySymbols = new WeakMap<object, Map<string, StorageRow>>();
/** Two full pages (MAX_PAGE / ROW rows each). */
const ROW_CACHE_LIMIT = 2 * (MAX_PAGE / ROW);
