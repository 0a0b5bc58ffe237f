/**
 * The launch configuration, validated attribute by attribute: every mistake is a message that
 * names the attribute, what was given and what is wanted. The result is plain data that
 * overrides the Image (devices, storage, path) before the machine is built.
 */
import type { DeviceSpec, Image, IoPath } from '../asm/image';

export interface DeviceOverride {
  /** Device number, bare hex: "0190". */
  readonly devno: string;
  /** Device type: "3390-3", "3505", "1403"; absent keeps the file's type. */
  readonly type?: string;
  /** DEVICE keyword options (IMAGE, READONLY, PERSIST, VOLSER, CYLS, DECK, OUTPUT, …). */
  readonly options?: Readonly<Record<string, string>>;
}

export interface LaunchSettings {
  readonly program: string;
  readonly stopOnEntry: boolean;
  readonly path: IoPath | null;
  readonly trace: boolean;
  readonly verboseTrace: boolean;
  readonly storage: number | null;
  readonly devices: readonly DeviceOverride[];
  readonly historyLimit: number;
  readonly maxCcws: number;
}

const KNOWN = new Set(['program', 'stopOnEntry', 'path', 'trace', 'verboseTrace', 'storage', 'devices', 'historyLimit', 'maxCcws']);
/** Attributes every client adds on its own (VS Code, nvim-dap, dape). */
const CLIENT = new Set(['type', 'request', 'name', 'noDebug', '__restart', '__sessionId', '__configurationTarget', 'cwd', 'console', 'internalConsoleOptions', 'presentation', 'preLaunchTask', 'postDebugTask', 'debugServer', 'env', 'envFile', 'serverReadyAction', 'suppressMultipleSessionWarning']);

export const HISTORY_LIMIT_DEFAULT = 10_000;
export const MAX_CCWS_DEFAULT = 1_000_000;

export function validateLaunch(raw: unknown): LaunchSettings | { error: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'The launch arguments must be an object.' };
  const a = raw as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (!KNOWN.has(key) && !CLIENT.has(key) && !key.startsWith('_')) {
      return { error: `Unknown launch attribute "${key}"; known: ${[...KNOWN].join(', ')}.` };
    }
  }
  if (typeof a['program'] !== 'string' || a['program'].length === 0) return { error: 'The launch configuration has no "program": name the .ccw file to debug.' };
  const bool = (k: string, d: boolean): boolean | { error: string } => {
    const v = a[k];
    if (v === undefined) return d;
    return typeof v === 'boolean' ? v : { error: `"${k}" must be true or false, not ${JSON.stringify(v)}.` };
  };
  const stopOnEntry = bool('stopOnEntry', true);
  if (typeof stopOnEntry !== 'boolean') return stopOnEntry;
  const trace = bool('trace', true);
  if (typeof trace !== 'boolean') return trace;
  const verboseTrace = bool('verboseTrace', false);
  if (typeof verboseTrace !== 'boolean') return verboseTrace;
  const path = a['path'];
  if (path !== undefined && path !== 'vfio' && path !== 'direct') return { error: `"path" must be "vfio" or "direct", not ${JSON.stringify(path)}.` };
  const count = (k: string, d: number, min: number, max: number): number | { error: string } => {
    const v = a[k];
    if (v === undefined) return d;
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : { error: `"${k}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}.` };
  };
  const historyLimit = count('historyLimit', HISTORY_LIMIT_DEFAULT, 0, 10_000_000);
  if (typeof historyLimit !== 'number') return historyLimit;
  const maxCcws = count('maxCcws', MAX_CCWS_DEFAULT, 1, 1_000_000_000);
  if (typeof maxCcws !== 'number') return maxCcws;
  const storage = parseStorage(a['storage']);
  if (typeof storage === 'object' && storage !== null) return storage;
  const devices = parseDevices(a['devices']);
  if (!Array.isArray(devices)) return devices as { error: string };
  return { program: a['program'], stopOnEntry, path: (path as IoPath | undefined) ?? null, trace, verboseTrace, storage, devices, historyLimit, maxCcws };
}

function parseStorage(v: unknown): number | null | { error: string } {
  if (v === undefined) return null;
  const bad = { error: `"storage" must be a size like "64M", "16M" or "512K" (a multiple of 4K, at most 2G), not ${JSON.stringify(v)}.` };
  let bytes: number;
  if (typeof v === 'number') bytes = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d{1,10})\s*([KMG]?)\s*$/i.exec(v);
    if (!m) return bad;
    bytes = Number(m[1]) * ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[(m[2] ?? '').toUpperCase()]!;
  } else return bad;
  if (!Number.isInteger(bytes) || bytes <= 0 || bytes % 4096 !== 0 || bytes > 2 * 1024 ** 3) return bad;
  return bytes;
}

function parseDevices(v: unknown): DeviceOverride[] | { error: string } {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return { error: '"devices" must be a list like [{ "devno": "0190", "type": "3390-3", "options": { "IMAGE": "vol.3390" } }].' };
  const out: DeviceOverride[] = [];
  for (const [i, d] of v.entries()) {
    if (d === null || typeof d !== 'object' || Array.isArray(d)) return { error: `devices[${i}] must be an object with "devno" and optional "type" and "options".` };
    const o = d as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['devno', 'type', 'options'].includes(k)) return { error: `devices[${i}] has an unknown attribute "${k}" (devno, type, options).` };
    if (typeof o['devno'] !== 'string' || !/^[0-9A-Fa-f]{4}$/.test(o['devno'])) return { error: `devices[${i}].devno must be four hex digits like "0190", not ${JSON.stringify(o['devno'])}.` };
    if (o['type'] !== undefined && (typeof o['type'] !== 'string' || !/^[0-9A-Za-z]{4}(-[0-9A-Za-z]{1,2})?$/.test(o['type']))) return { error: `devices[${i}].type must be a device type like "3390-3", "3505" or "1403", not ${JSON.stringify(o['type'])}.` };
    const options: Record<string, string> = {};
    if (o['options'] !== undefined) {
      if (o['options'] === null || typeof o['options'] !== 'object' || Array.isArray(o['options'])) return { error: `devices[${i}].options must be an object of DEVICE keywords, e.g. { "IMAGE": "vol.3390" }.` };
      for (const [k, val] of Object.entries(o['options'] as Record<string, unknown>)) {
        if (!/^[A-Za-z]{1,16}$/.test(k)) return { error: `devices[${i}].options: "${k}" is not a DEVICE keyword.` };
        if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') return { error: `devices[${i}].options.${k} must be a string, not ${JSON.stringify(val)}.` };
        options[k.toUpperCase()] = typeof val === 'boolean' ? (val ? 'YES' : 'NO') : String(val);
      }
    }
    out.push({ devno: o['devno'].toUpperCase(), ...(typeof o['type'] === 'string' ? { type: o['type'].toUpperCase() } : {}), options });
  }
  return out;
}

/** The Image with the launch configuration's devices and storage in place of the file's. */
export function applyOverrides(image: Image, s: LaunchSettings): Image | { error: string } {
  const devices: DeviceSpec[] = [...image.devices];
  for (const o of s.devices) {
    const devno = parseInt(o.devno, 16);
    const i = devices.findIndex((d) => d.devno === devno);
    if (i >= 0) {
      const d = devices[i] as DeviceSpec;
      devices[i] = { ...d, type: o.type ?? d.type, options: { ...d.options, ...o.options } };
    } else {
      if (!o.type) return { error: `devices: ${o.devno} is not in the program; give its "type" to attach it.` };
      const schno = devices.reduce((m, d) => Math.max(m, d.schno + 1), 0);
      devices.push({ devno, type: o.type, schno, options: { ...o.options }, loc: { file: image.file, line: 1, column: 1, endColumn: 1 } });
    }
  }
  if (s.storage !== null) {
    const top = image.chunks.reduce((m, c) => Math.max(m, c.address + c.bytes.length), 0);
    if (top > s.storage) return { error: `"storage" ${s.storage} bytes is too small: the program places bytes up to ${top}.` };
  }
  return { ...image, devices, storageSize: s.storage ?? image.storageSize };
}
