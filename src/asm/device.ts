/**
 * DEVICE devno,type[,key=value...] (LANGUAGE.md "Configuration statements"). Device numbers,
 * subchannel numbers and CHPIDs are bare hexadecimal, as every mainframe tool writes them.
 */
import type { Report, Span } from './diagnostics';
import type { Field } from './lexer';

export type DeviceFamily = 'dasd' | 'reader' | 'punch' | 'printer' | 'console';

/** Device types by their type number (models of the 3390 as `3390-n`). */
const DEVICE_TYPES: Readonly<Record<string, DeviceFamily>> = {
  '3390': 'dasd',
  '3505': 'reader',
  '2540R': 'reader',
  '3525': 'punch',
  '2540P': 'punch',
  '1403': 'printer',
  '3211': 'printer',
  '3215': 'console',
  '1052': 'console',
};

/** 3390 models (reference eckd-dasd.md 1.1). */
const DASD_MODELS = ['1', '2', '3', '9', '27', '54'];

const TAPES = ['3420', '3480', '3490', '3590'];

const FAMILY_TEXT: Readonly<Record<DeviceFamily, string>> = {
  dasd: 'DASD (3390)',
  reader: 'card readers (3505, 2540R)',
  punch: 'card punches (3525, 2540P)',
  printer: 'printers (1403, 3211) and punches',
  console: 'consoles (3215, 1052)',
};

type OptionParser = (value: string, span: Span, report: Report) => string | undefined;

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith("'") && v.endsWith("'") ? v.slice(1, -1).replace(/''/g, "'") : v;
}

const path: OptionParser = (v, span, report) => {
  const p = unquote(v);
  if (p === '') {
    report('deviceOption', span, "the path is empty; write a file name, e.g. IMAGE='vol.3390'");
    return undefined;
  }
  return p;
};

const oneOf =
  (key: string, allowed: readonly string[]): OptionParser =>
  (v, span, report) => {
    const u = unquote(v).toUpperCase();
    if (allowed.includes(u)) return u;
    report('deviceOption', span, `${key}=${v} is not valid; use ${allowed.map((a) => `${key}=${a}`).join(' or ')}`);
    return undefined;
  };

const cyls: OptionParser = (v, span, report) => {
  if (/^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65520) return String(Number(v));
  report('deviceOption', span, `CYLS=${v} must be a decimal cylinder count from 1 to 65520`);
  return undefined;
};

const volser: OptionParser = (v, span, report) => {
  const s = unquote(v).toUpperCase();
  if (/^[A-Z0-9@#$]{1,6}$/.test(s)) return s;
  report('deviceOption', span, `VOLSER=${v} must be 1 to 6 letters, digits, @ # or $`);
  return undefined;
};

const chpids: OptionParser = (v, span, report) => {
  const list = v.startsWith('(') && v.endsWith(')') ? v.slice(1, -1).split(',') : [v];
  const ids: string[] = [];
  for (const id of list) {
    if (!/^[0-9A-Fa-f]{1,2}$/.test(id)) {
      report('deviceNumber', span, `CHPID ${id || '(empty)'} must be 1 or 2 hexadecimal digits, e.g. CHPIDS=(40,41)`);
      return undefined;
    }
    const norm = id.toUpperCase().padStart(2, '0');
    if (ids.includes(norm)) {
      report('deviceOption', span, `CHPID ${norm} is listed twice`);
      return undefined;
    }
    ids.push(norm);
  }
  if (ids.length > 8) {
    report('deviceOption', span, `a subchannel has at most 8 channel paths; ${ids.length} are listed`);
    return undefined;
  }
  return ids.join(',');
};

const OPTIONS: Readonly<Record<string, { readonly families: readonly DeviceFamily[] | 'all'; readonly parse: OptionParser }>> = {
  CHPIDS: { families: 'all', parse: chpids },
  CYLS: { families: ['dasd'], parse: cyls },
  VOLSER: { families: ['dasd'], parse: volser },
  IMAGE: { families: ['dasd'], parse: path },
  READONLY: { families: ['dasd'], parse: oneOf('READONLY', ['YES', 'NO']) },
  PERSIST: { families: ['dasd'], parse: oneOf('PERSIST', ['YES', 'NO']) },
  CU: { families: ['dasd'], parse: oneOf('CU', ['3990', '2107']) },
  COMPAT: { families: 'all', parse: oneOf('COMPAT', ['HERCULES']) },
  DECK: { families: ['reader'], parse: path },
  OUTPUT: { families: ['printer', 'punch', 'console'], parse: path },
  FORMAT: { families: ['reader', 'punch'], parse: oneOf('FORMAT', ['TEXT', 'RAW']) },
  INPUT: { families: ['console'], parse: path },
};

export const DEVICE_OPTIONS: readonly string[] = ['SCH', ...Object.keys(OPTIONS)];

export interface ParsedDevice {
  readonly devno: number;
  readonly devnoSpan: Span;
  readonly type: string;
  /** False when the type is wrong: the device number still counts as declared (no cascade of errors). */
  readonly valid: boolean;
  readonly schno?: number;
  readonly schSpan?: Span;
  readonly options: Readonly<Record<string, string>>;
}

/** A bare hexadecimal number of 1-4 digits (or X'..'), or undefined. */
export function parseHexNumber(text: string): number | undefined {
  const m = /^(?:([0-9A-Fa-f]{1,4})|[Xx]'([0-9A-Fa-f]{1,4})')$/.exec(text);
  const digits = m?.[1] ?? m?.[2];
  return digits === undefined ? undefined : parseInt(digits, 16);
}

export function parseDevice(operands: readonly Field[], opSpan: Span, report: Report): ParsedDevice | undefined {
  const [devF, typeF, ...rest] = operands;
  if (!devF || devF.text === '') {
    report('missingOperand', devF ?? opSpan, 'DEVICE needs a device number and a type: DEVICE 0190,3390-3');
    return undefined;
  }
  const devno = parseHexNumber(devF.text);
  if (devno === undefined) {
    report('deviceNumber', devF, `device number ${devF.text} must be 1 to 4 hexadecimal digits, e.g. 0190`);
  }
  if (!typeF || typeF.text === '') {
    report('missingOperand', typeF ?? devF, 'DEVICE needs a device type after the device number: 3390-3, 3505, 1403, 3215');
    return undefined;
  }
  const type = typeF.text.toUpperCase();
  const [base = '', model] = type.split('-', 2);
  const family = DEVICE_TYPES[base];
  let typeOk = family !== undefined && (model === undefined || (family === 'dasd' && DASD_MODELS.includes(model)));
  if (TAPES.includes(base)) {
    report('notSupported', typeF, `tape devices (${base}) are not supported yet`);
    typeOk = false;
  } else if (!typeOk) {
    report(
      'deviceType',
      typeF,
      family === 'dasd'
        ? `${type}: a 3390 model is one of ${DASD_MODELS.map((m) => `3390-${m}`).join(', ')} (or 3390: geometry from IMAGE=, else model 3)`
        : `${type} is not a known device type; use 3390-3 (or 3390-1/2/9/27/54), 3505, 2540R, 3525, 2540P, 1403, 3211, 3215 or 1052`,
    );
  }
  const options: Record<string, string> = {};
  let schno: number | undefined;
  let schSpan: Span | undefined;
  const seen = new Set<string>();
  for (const f of rest) {
    const eq = f.text.indexOf('=');
    const key = (eq < 0 ? f.text : f.text.slice(0, eq)).toUpperCase();
    const keySpan: Span = { column: f.column, endColumn: f.column + Math.max(1, eq < 0 ? f.text.length : eq) };
    const valueText = eq < 0 ? '' : f.text.slice(eq + 1);
    const valueSpan: Span = eq < 0 ? f : { column: f.column + eq + 1, endColumn: Math.max(f.endColumn, f.column + eq + 2) };
    if (key !== 'SCH' && !Object.hasOwn(OPTIONS, key)) {
      report('deviceOption', keySpan, `${key || '(empty)'} is not a DEVICE option; the options are ${DEVICE_OPTIONS.map((o) => o + '=').join(' ')}`);
      continue;
    }
    if (eq < 0 || valueText === '') {
      report('deviceOption', f, `${key} needs a value: ${key}=...`);
      continue;
    }
    if (seen.has(key)) {
      report('duplicateKeyword', keySpan, `${key}= is given twice; keep one`);
      continue;
    }
    seen.add(key);
    if (key === 'SCH') {
      const n = parseHexNumber(valueText);
      if (n === undefined) report('deviceNumber', valueSpan, `subchannel number ${valueText} must be 1 to 4 hexadecimal digits, e.g. SCH=0000`);
      else {
        schno = n;
        schSpan = valueSpan;
      }
      continue;
    }
    const opt = OPTIONS[key];
    if (!opt) continue;
    if (typeOk && family && opt.families !== 'all' && !opt.families.includes(family)) {
      const fams = opt.families.map((fam) => FAMILY_TEXT[fam]).join(', ');
      report('deviceOption', keySpan, `${key}= applies to ${fams}, not to a ${type}`);
      continue;
    }
    const v = opt.parse(valueText, valueSpan, report);
    if (v !== undefined) options[key] = v;
  }
  if (devno === undefined) return undefined;
  return { devno, devnoSpan: devF, type, valid: typeOk, ...(schno !== undefined && schSpan ? { schno, schSpan } : {}), options };
}
