/**
 * `ccw dasd init FILE 3390-n VOLSER [--cyls N]`, `ccw dasd ls FILE [--all]`,
 * `ccw dasd dump FILE CYL HEAD`: make and look into Hercules CKD image files. Glue only: the
 * image formats are in src/devices/images.
 *
 * Exit status: 0 done, 1 the image is damaged (ls lists what it can), 3 bad arguments or a file
 * that cannot be opened or written.
 */
import { hex } from '../arch';
import { ebcdicToText } from '../asm';
import { parseTrack, type CkdRecord } from '../devices/dasd/ckdTrack';
import { HEADS_PER_CYLINDER, MODELS_3390, type Dasd3390Model } from '../devices/dasd/geometry';
import { isLabelText } from '../devices/dasd/labelText';
import { freshImageParts, openImage, TRACK_SIZE_3390, type TrackSource } from '../devices/images';
import { nodeDeviceHost } from './nodeDeviceHost';

export interface DasdOutput {
  out(line: string): void;
  err(line: string): void;
  /** Progress on stderr; `final` ends the line. Not called when stderr is not wanted. */
  progress(text: string, final: boolean): void;
}

export const DASD_USAGE = `  ccw dasd init FILE 3390-n VOLSER [--cyls N]
      create a volume as Hercules 3.13's dasdinit -lfs does (one file, R0 on every track,
      IPL1/IPL2/VOL1 on track 0); N cylinders instead of the model's
  ccw dasd ls FILE [--all]
      list the records of every track (--all: also tracks that hold only R0)
  ccw dasd dump FILE CYL HEAD
      one track in hex and EBCDIC`;

const fmt = (n: number) => n.toLocaleString('en-US');

export function dasdCommand(args: readonly string[], io: DasdOutput): number {
  const [sub, ...rest] = args;
  const flags = rest.filter((a) => a.startsWith('--'));
  const valueOf = (flag: string): string | undefined => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--cyls');
  const usage = (why: string): number => {
    io.err(`ccw dasd: ${why}\nusage:\n${DASD_USAGE}`);
    return 3;
  };
  const unknown = flags.find((f) => !['--cyls', '--all'].includes(f));
  if (unknown) return usage(`unknown option ${unknown}`);
  switch (sub) {
    case 'init': {
      const [file, type, volser] = positional;
      if (!file || !type || !volser || positional.length > 3) return usage('init needs FILE, a 3390 model and a volume serial');
      return init(file, type, volser, valueOf('--cyls'), io);
    }
    case 'ls': {
      const [file] = positional;
      if (!file || positional.length > 1) return usage('ls needs one FILE');
      return list(file, flags.includes('--all'), io);
    }
    case 'dump': {
      const [file, cyl, head] = positional;
      if (!file || cyl === undefined || head === undefined || positional.length > 3) return usage('dump needs FILE, CYL and HEAD');
      if (!/^\d+$/.test(cyl) || !/^\d+$/.test(head)) return usage(`CYL and HEAD are decimal numbers, not ${cyl} ${head}`);
      return dump(file, Number(cyl), Number(head), io);
    }
    default:
      return usage(sub === undefined ? 'which command: init, ls or dump?' : `unknown command ${sub}`);
  }
}

function init(file: string, type: string, volserText: string, cylsText: string | undefined, io: DasdOutput): number {
  const name = type.toUpperCase();
  let model: Dasd3390Model | undefined = MODELS_3390.find((m) => m.name === name);
  if (!model && name !== '3390') return usage3(io, `${type} is not a 3390 model; write one of ${MODELS_3390.map((m) => m.name).join(', ')}`);
  let cylinders = model?.primaryCylinders;
  if (cylsText !== undefined) {
    const most = (MODELS_3390[MODELS_3390.length - 1] as Dasd3390Model).primaryCylinders + (MODELS_3390[MODELS_3390.length - 1] as Dasd3390Model).alternateCylinders;
    if (!/^\d+$/.test(cylsText) || Number(cylsText) < 1 || Number(cylsText) > most) return usage3(io, `--cyls ${cylsText}: write a number of cylinders from 1 to ${fmt(most)}`);
    cylinders = Number(cylsText);
  }
  if (cylinders === undefined) return usage3(io, `3390 without a model needs --cyls N (or write a model, e.g. 3390-3)`);
  model ??= MODELS_3390.find((m) => (cylinders as number) <= m.primaryCylinders + m.alternateCylinders);
  // dasdinit upper-cases the serial.
  const volser = volserText.toUpperCase();
  if (volser.length > 6 || !isLabelText(volser) || volser.includes(' ')) return usage3(io, `${volserText} is not a volume serial: 1 to 6 letters, digits or @ # $`);

  const host = nodeDeviceHost(process.cwd());
  const existing = host.open(file);
  if ('ok' in existing) {
    existing.ok.close();
    io.err(`ccw dasd: ${file} exists; ccw dasd init never overwrites a file: remove it first or choose another name`);
    return 3;
  }
  const bytes = 512 + cylinders * HEADS_PER_CYLINDER * TRACK_SIZE_3390;
  const label = `init ${file}`;
  const every = Math.max(1, Math.ceil(cylinders / 100));
  const parts = freshImageParts(cylinders, volser, (c) => {
    if (cylinders >= 50 && ((c + 1) % every === 0 || c + 1 === cylinders)) io.progress(`${label}: cylinder ${fmt(c + 1)} of ${fmt(cylinders)} (${Math.floor(((c + 1) * 100) / cylinders)}%)`, c + 1 === cylinders);
  });
  const written = host.writeAtomic(file, parts);
  if ('error' in written) {
    io.err(`ccw dasd: ${written.error}`);
    return 3;
  }
  io.out(`${file}: ${model?.name ?? '3390'} volume ${volser}, ${fmt(cylinders)} cylinders, ${fmt(bytes)} bytes (CKD_P370)`);
  return 0;
}

function usage3(io: DasdOutput, why: string): number {
  io.err(`ccw dasd: ${why}`);
  return 3;
}

function openForReading(file: string, io: DasdOutput): TrackSource | null {
  const host = nodeDeviceHost(process.cwd());
  const opened = openImage(host, file, host.decompressors);
  if ('error' in opened) {
    io.err(`ccw dasd: ${opened.error}`);
    return null;
  }
  return opened.source;
}

function describeSource(file: string, s: TrackSource): string {
  const { cylinders, heads } = s.geometry;
  const files = s.paths.length > 1 ? ` in ${s.paths.length} files` : '';
  return `${file}: ${s.format}${files}, ${fmt(cylinders)} cylinders × ${heads} heads, ${fmt(cylinders * heads)} tracks`;
}

function recordText(image: Uint8Array, r: CkdRecord, cylinder: number, head: number): string {
  const where = r.cylinder !== cylinder || r.head !== head ? ` @${r.cylinder}/${r.head}` : '';
  const key = r.kl > 0 ? ` key '${ebcdicToText(image.subarray(r.keyOffset, r.keyOffset + Math.min(r.kl, 8)))}${r.kl > 8 ? '…' : ''}'` : '';
  return `R${r.r}${where} ${r.kl}/${r.dl}${key}${r.kl === 0 && r.dl === 0 && r.r !== 0 ? ' (EOF)' : ''}`;
}

function list(file: string, all: boolean, io: DasdOutput): number {
  const source = openForReading(file, io);
  if (!source) return 3;
  try {
    io.out(describeSource(file, source));
    io.out('track   records (R number, key length/data length, key)');
    const { cylinders, heads } = source.geometry;
    let hidden = 0;
    let damaged = 0;
    const every = Math.max(1, Math.ceil(cylinders / 20));
    for (let c = 0; c < cylinders; c++) {
      for (let h = 0; h < heads; h++) {
        const read = source.readTrack(c, h);
        const parsed = 'error' in read ? read : parseTrack(read.image, c, h);
        if ('error' in parsed) {
          damaged++;
          io.out(`${`${c}/${h}`.padEnd(7)} damaged: ${parsed.error}`);
          continue;
        }
        const { records, image } = parsed.track;
        const onlyR0 = records.length === 1 && records[0]?.r === 0 && records[0].kl === 0 && records[0].dl === 8;
        if (onlyR0 && !all) {
          hidden++;
          continue;
        }
        io.out(`${`${c}/${h}`.padEnd(7)} ${records.map((r) => recordText(image, r, c, h)).join('  ') || '(no records)'}`);
      }
      if (cylinders > 200 && ((c + 1) % every === 0 || c + 1 === cylinders)) io.progress(`ls ${file}: cylinder ${fmt(c + 1)} of ${fmt(cylinders)}`, c + 1 === cylinders);
    }
    if (hidden > 0) io.out(`(${fmt(hidden)} tracks hold only R0 and are not listed; --all lists them)`);
    if (damaged > 0) {
      io.err(`ccw dasd: ${file}: ${fmt(damaged)} damaged tracks`);
      return 1;
    }
    return 0;
  } finally {
    source.close();
  }
}

function hexLines(label: string, bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [`      ${label.padEnd(5)} (none)`];
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const words: string[] = [];
    for (let w = 0; w < row.length; w += 4) words.push(Array.from(row.subarray(w, w + 4), (b) => hex(b, 2)).join(''));
    lines.push(`      ${(i === 0 ? label : '').padEnd(5)} ${hex(i, 4)}  ${words.join(' ').padEnd(35)}  |${ebcdicToText(row)}|`);
  }
  return lines;
}

function dump(file: string, cylinder: number, head: number, io: DasdOutput): number {
  const source = openForReading(file, io);
  if (!source) return 3;
  try {
    const { cylinders, heads } = source.geometry;
    if (cylinder >= cylinders || head >= heads) {
      io.err(`ccw dasd: track ${cylinder}/${head} is not on ${file} (${fmt(cylinders)} cylinders, ${heads} heads)`);
      return 3;
    }
    const read = source.readTrack(cylinder, head);
    const parsed = 'error' in read ? read : parseTrack(read.image, cylinder, head);
    if ('error' in parsed) {
      io.err(`ccw dasd: ${parsed.error}`);
      return 1;
    }
    const { image, records } = parsed.track;
    io.out(`${file} track ${cylinder}/${head} (${source.format}): ${fmt(image.length)} bytes, ${records.length} records`);
    io.out(`HA    ${Array.from(image.subarray(0, 5), (b) => hex(b, 2)).join(' ')}`);
    for (const r of records) {
      const count = image.subarray(r.countOffset, r.countOffset + 8);
      io.out(`R${String(r.r).padEnd(4)} count ${hex((count[0] ?? 0) * 256 + (count[1] ?? 0), 4)} ${hex((count[2] ?? 0) * 256 + (count[3] ?? 0), 4)} ${hex(r.r, 2)} ${hex(r.kl, 2)} ${hex(r.dl, 4)}   (${recordText(image, r, cylinder, head)})`);
      if (r.kl > 0) for (const l of hexLines('key', image.subarray(r.keyOffset, r.keyOffset + r.kl))) io.out(l);
      for (const l of hexLines('data', image.subarray(r.dataOffset, r.dataOffset + r.dl))) io.out(l);
    }
    io.out(`END   ${Array.from(image.subarray(image.length - 8), (b) => hex(b, 2)).join(' ')}`);
    return 0;
  } finally {
    source.close();
  }
}

/** `ccw dasd …` on the process's streams: progress on stderr, in place on a terminal. */
export function runDasd(args: readonly string[]): number {
  const tty = process.stderr.isTTY === true;
  let last = '';
  return dasdCommand(args, {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    progress: (text, final) => {
      if (tty) process.stderr.write(`\r${text}${final ? '\n' : ''}`);
      else {
        // In a log, one line per tenth is enough.
        const tenth = /\((\d+)%\)/.exec(text)?.[1];
        const key = tenth === undefined ? text : String(Math.floor(Number(tenth) / 10));
        if (key !== last || final) process.stderr.write(text + '\n');
        last = key;
      }
    },
  });
}
