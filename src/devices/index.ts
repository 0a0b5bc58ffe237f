/**
 * Device models, made from `DEVICE` statements (LANGUAGE.md "Configuration statements").
 *
 * `createDevice` never throws for user input: a type or option it cannot honour comes back as
 * `{ error }`, a sentence that says what is wrong and what to write instead (the caller adds
 * the file, line and device number).
 */
import type { Device } from '../css/device';
import { NO_DEVICE_HOST, type DeviceHost } from './host';
import { CONTROL_UNITS } from './dasd/controlUnit';
import { Dasd3390 } from './dasd/dasd3390';
import { HEADS_PER_CYLINDER, MODELS_3390, modelForCylinders, type Dasd3390Model } from './dasd/geometry';
import { isLabelText } from './dasd/labelText';
import { MemoryTrackStore } from './dasd/trackStore';
import { createUnitRecord, unitRecordType, UNIT_RECORD_TYPES } from './unitrecord';
import { openImageDevice } from './images/imageDevice';

export { Dasd3390, type Dasd3390Options, type DasdSnapshot } from './dasd/dasd3390';
export { MemoryTrackStore, type TrackStore, type TrackGeometry, type TrackRead, type TrackWrite } from './dasd/trackStore';
export { MODELS_3390, HEADS_PER_CYLINDER, recordCells, recordsPerTrack, fitsOnTrack, type Dasd3390Model } from './dasd/geometry';
export { parseTrack, buildTrack, type CkdTrack, type CkdRecord, type RecordSpec } from './dasd/ckdTrack';

export { CardReader3505, CardPunch3525, Printer1403, Console3215, isFlushable, type FlushableDevice } from './unitrecord';
export { NO_DEVICE_HOST, type DeviceHost, type HostFile, type HostResult } from './host';
export { ImageTrackStore, imageStoreOf, openImage, JS_DECOMPRESSORS, type OverlayCheckpoint, type Decompressors } from './images';
export { endImageSession, saveImages } from './images/persist';

export interface DeviceRequest {
  readonly devno: number;
  /** As written, e.g. `3390-3`; case does not matter. */
  readonly type: string;
  /** Keyword options, keys in upper case, values as written. */
  readonly options: Readonly<Record<string, string>>;
}

export type CreatedDevice = { readonly device: Device } | { readonly error: string };

/** Options of other layers that may appear on any DEVICE statement; devices ignore them. */
const FOREIGN_OPTIONS = new Set(['SCH', 'CHPIDS']);

/** `host` gives access to the files DEVICE options name (IMAGE=, DECK=, INPUT=, OUTPUT=). */
export function createDevice(spec: DeviceRequest, host: DeviceHost = NO_DEVICE_HOST): CreatedDevice {
  void host; // used by the device types that read or write files
  const type = spec.type.trim().toUpperCase();
  if (type === '3390' || type.startsWith('3390-')) return createDasd3390(spec, type, host);
  if (unitRecordType(type)) return createUnitRecord(spec, host, FOREIGN_OPTIONS);
  return { error: `device type ${spec.type} is not supported yet; this version emulates 3390 DASD (${MODELS_3390.map((m) => m.name).join(', ')}) and the unit-record devices ${UNIT_RECORD_TYPES.join(', ')}` };
}

const DASD_OPTIONS = ['CYLS', 'VOLSER', 'CU', 'READONLY', 'IMAGE', 'PERSIST', 'COMPAT'];

/**
 * A 3390 with a fresh volume in memory.
 * - `3390-n` is that model; its volume has the model's primary cylinders unless CYLS= says
 *   otherwise (at most primary + alternate cylinders, as Hercules allows).
 * - `3390` is model 3, or with CYLS= the smallest model that holds that many cylinders, which is
 *   how Hercules picks the model of an image (a 10-cylinder volume is a 3390-1, as the oracle
 *   volumes are).
 * - VOLSER= defaults to `V` and the device number (`V0190`): unique per device, so two fresh
 *   volumes never share a serial.
 */
function createDasd3390(spec: DeviceRequest, type: string, host: DeviceHost): CreatedDevice {
  const options = spec.options;
  for (const key of Object.keys(options)) {
    const k = key.toUpperCase();
    if (!DASD_OPTIONS.includes(k) && !FOREIGN_OPTIONS.has(k)) {
      return { error: `${type} has no option ${key}=; its options are ${DASD_OPTIONS.join('=, ')}=` };
    }
  }
  const option = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(options)) if (k.toUpperCase() === name) return v;
    return undefined;
  };

  const image = option('IMAGE');
  const persist = option('PERSIST');
  if (persist !== undefined && !isYesNo(persist)) return { error: `PERSIST=${persist}: write YES or NO` };
  if (yes(persist) && image === undefined) return { error: 'PERSIST=YES needs IMAGE=: a fresh volume in memory has no file to save to' };
  const cu = option('CU');
  const controlUnit = CONTROL_UNITS.find((c) => c.name === (cu ?? '3990').toUpperCase());
  if (!controlUnit) return { error: `CU=${cu} is not a control unit this 3390 can sit behind; write CU=3990 (the default) or CU=2107` };
  const compat = option('COMPAT');
  if (compat !== undefined && compat.toUpperCase() !== 'HERCULES') return { error: `COMPAT=${compat} is unknown; the only value is COMPAT=HERCULES` };
  const hercules = compat !== undefined;
  const readOnly = option('READONLY');
  if (readOnly !== undefined && !isYesNo(readOnly)) return { error: `READONLY=${readOnly}: write YES or NO` };
  if (image !== undefined) {
    // An image file, opened copy-on-write (src/devices/images): its size chooses the geometry.
    const opened = openImageDevice(host, { type, image, readOnly: yes(readOnly), persist: yes(persist), cyls: option('CYLS'), volser: option('VOLSER') });
    if ('error' in opened) return opened;
    return { device: new Dasd3390({ devno: spec.devno, model: opened.model, store: opened.store, controlUnit, hercules }) };
  }

  let cylinders: number | undefined;
  const cyls = option('CYLS');
  if (cyls !== undefined) {
    if (!/^\d+$/.test(cyls.trim()) || Number(cyls) < 1) return { error: `CYLS=${cyls} is not a number of cylinders (1 or more)` };
    cylinders = Number(cyls);
  }

  let model: Dasd3390Model | null;
  if (type === '3390') {
    model = cylinders === undefined ? (MODELS_3390.find((m) => m.model === 3) ?? null) : modelForCylinders(cylinders);
    if (!model) {
      const largest = MODELS_3390[MODELS_3390.length - 1] as Dasd3390Model;
      return { error: `CYLS=${cylinders} is more than a ${largest.name} holds (${(largest.primaryCylinders + largest.alternateCylinders).toLocaleString('en-US')} cylinders); larger (EAV) volumes are not supported yet` };
    }
  } else {
    model = MODELS_3390.find((m) => m.name === type) ?? null;
    if (!model) return { error: `device type ${spec.type} is not a 3390 model; write one of ${MODELS_3390.map((m) => m.name).join(', ')} or 3390` };
    const most = model.primaryCylinders + model.alternateCylinders;
    if (cylinders !== undefined && cylinders > most) {
      return { error: `a ${model.name} holds at most ${most.toLocaleString('en-US')} cylinders (${model.primaryCylinders.toLocaleString('en-US')} primary + ${model.alternateCylinders} alternate); CYLS=${cylinders} needs a larger model, or write 3390 and let the size choose` };
    }
  }

  const volser = (option('VOLSER') ?? `V${spec.devno.toString(16).toUpperCase().padStart(4, '0')}`).toUpperCase();
  if (volser.length < 1 || volser.length > 6 || !isLabelText(volser) || volser.includes(' ')) {
    return { error: `VOLSER=${volser} is not a volume serial: 1 to 6 letters, digits or @ # $` };
  }

  const store = new MemoryTrackStore({
    cylinders: cylinders ?? model.primaryCylinders,
    heads: HEADS_PER_CYLINDER,
    volser,
    readOnly: yes(readOnly),
  });
  return { device: new Dasd3390({ devno: spec.devno, model, store, controlUnit, hercules }) };
}

function isYesNo(v: string): boolean {
  return /^(YES|NO)$/i.test(v.trim());
}

function yes(v: string | undefined): boolean {
  return v !== undefined && /^YES$/i.test(v.trim());
}
