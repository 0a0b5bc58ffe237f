/**
 * The rows of the debugger's Device scope for a 3390: identity and geometry, where the access
 * mechanism is, what the channel program has set up (extent, file mask, Locate Record domain),
 * and the pending sense — each byte layout shown through its field table.
 */
import { DEFINE_EXTENT, LOCATE_RECORD, SENSE_24 } from '../../arch/eckd';
import { hex, maskText, type FieldDescription, type Structure } from '../../arch/field';
import { DEVICE_STATUS } from '../../arch/status';
import type { DeviceStateRow } from '../../css/device';
import type { ChainState } from './chainState';
import type { ControlUnitProfile } from './controlUnit';
import { fmt, wholeVolume } from './defineExtent';
import type { Dasd3390Model } from './geometry';
import type { TrackCursor } from './trackCursor';
import type { TrackStore } from './trackStore';
import type { LastCommand } from './dasd3390';
import { buildSense } from './sense';

/** What the Device-scope rows are built from (the typed snapshot is snapshot.ts). */
export interface InspectInput {
  readonly devno: number;
  readonly model: Dasd3390Model;
  readonly controlUnit: ControlUnitProfile;
  readonly store: TrackStore;
  readonly cursor: TrackCursor;
  readonly chain: ChainState;
  readonly pendingSense: Uint8Array | null;
  readonly pendingProblem: string | null;
  readonly last: LastCommand | null;
}

const row = (name: string, value: string, children?: readonly DeviceStateRow[]): DeviceStateRow => (children ? { name, value, children } : { name, value });

/** Field-table rows as Device-scope rows: `writeControl = X'3' (ALLOW ALL WRITES)  [byte 0 bits 0-1]`. */
export function fieldRows(struct: Structure<unknown>, bytes: Uint8Array): DeviceStateRow[] {
  const toRow = (d: FieldDescription): DeviceStateRow => row(d.name, `${d.text}  [${d.bits}]`, d.children?.map(toRow));
  return struct.describe(bytes).map(toRow);
}

export function inspectDasd(s: InspectInput): DeviceStateRow[] {
  const { cylinders, heads } = s.store.geometry;
  const tracks = cylinders * heads;
  const rows: DeviceStateRow[] = [];

  rows.push(
    row('device', `${hex(s.devno, 4)} ${s.model.name}`, [
      row('model', `${s.model.name} (model byte X'${hex(s.model.modelByte, 2)}', unit type X'${hex(s.model.unitTypeCode, 2)}')`),
      row('geometry', `${cylinders.toLocaleString('en-US')} cylinders × ${heads} heads = ${tracks.toLocaleString('en-US')} tracks`),
      row('controlUnit', `${hex(s.controlUnit.type, 4)} model X'${hex(s.controlUnit.model, 2)}'`),
      row('volume', s.store.description + (s.store.readOnly ? ', read-only' : '')),
    ]),
  );

  rows.push(row('position', `cylinder ${s.cursor.cylinder} head ${s.cursor.head}`, [
    row('cylinder', String(s.cursor.cylinder)),
    row('head', String(s.cursor.head)),
    row('record', recordText(s)),
    row('orientation', orientationText(s)),
  ]));

  rows.push(chainRow(s));

  const sense = s.pendingSense ?? buildSense(null, s.cursor.cylinder, s.cursor.head, cylinders > 4095);
  const senseSummary = s.pendingSense ? s.pendingProblem ?? 'unit check' : 'none pending';
  rows.push(row('sense', senseSummary, [row('bytes', spaced(sense)), ...fieldRows(SENSE_24 as Structure<unknown>, sense)]));

  if (s.last) {
    const status = maskText(DEVICE_STATUS, s.last.status) || '0';
    rows.push(row('lastCommand', `X'${hex(s.last.code, 2)}' ${s.last.name} → ${status}`, [
      row('timeUs', String(s.last.timeUs)),
      ...(s.last.problem ? [row('problem', s.last.problem)] : []),
    ]));
  }
  return rows;
}

function recordText(s: InspectInput): string {
  const p = s.cursor.position;
  if (p.kind !== 'count' && p.kind !== 'key' && p.kind !== 'data') return 'none';
  const at = s.cursor.current();
  return at ? `R${at.record.r} (key ${at.record.kl}, data ${at.record.dl})` : `record ${p.record}`;
}

function orientationText(s: InspectInput): string {
  const p = s.cursor.position;
  switch (p.kind) {
    case 'none':
      return 'none (no positioning in this channel program yet)';
    case 'index':
      return 'index (the next area is the home address, then R0)';
    case 'home address':
      return 'home address (the next area is R0)';
    default: {
      const at = s.cursor.current();
      const name = at ? `R${at.record.r}` : `record ${p.record}`;
      return `${p.kind} area of ${name}`;
    }
  }
}

function chainRow(s: InspectInput): DeviceStateRow {
  const c = s.chain;
  const children: DeviceStateRow[] = [];
  const extent = c.extent?.extent ?? wholeVolume(s.store.geometry);
  const extentText = `${fmt(extent.begin)} – ${fmt(extent.end)} (${(extent.last - extent.first + 1).toLocaleString('en-US')} tracks)`;
  children.push(row('extent', c.extent ? extentText : `whole volume (no Define Extent): ${extentText}`));
  if (c.extent) {
    children.push(row('defineExtent', spaced(c.extent.parameters), fieldRows(DEFINE_EXTENT as Structure<unknown>, c.extent.parameters)));
    children.push(row('blockSize', String(c.extent.blockSize)));
  } else {
    children.push(row('fileMask', "X'00' (no Define Extent)"));
  }
  children.push(row('positioned', c.positioned ? 'yes' : 'no (reads need a Seek or Locate Record first)'));
  const d = c.domain;
  if (d && d.remaining > 0) {
    const op = maskText(operationNames(), d.operation) || `X'${hex(d.operation, 2)}'`;
    children.push(
      row('locateRecord', `${op}, ${d.orientation} orientation, ${d.remaining} of ${d.request.count} outstanding, transfer length ${d.request.transferLength}`, fieldRows(LOCATE_RECORD as Structure<unknown>, d.request.parameters)),
    );
  } else {
    children.push(row('locateRecord', 'no domain open'));
  }
  children.push(row('tracks', `${s.cursor.tracksRead} read, ${s.cursor.tracksWritten} written since reset`));
  children.push(row('indexPassed', c.indexPassed ? 'yes (a second index point is No Record Found)' : 'no'));
  return row('channelProgram', c.commands === 0 ? 'not started' : `${c.commands} command(s) so far`, children);
}

function operationNames() {
  const f = LOCATE_RECORD.field('operation');
  if (f.kind !== 'number' || !f.names) throw new Error('LOCATE_RECORD.operation has no names');
  return f.names;
}

function spaced(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) out += (i > 0 && i % 4 === 0 ? ' ' : '') + hex(b[i] ?? 0, 2);
  return out;
}
