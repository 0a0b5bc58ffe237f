/**
 * Uncompressed Hercules CKD images (CKD_P370): a 512-byte device header, then one fixed-size slot
 * per track in cylinder-major order. A volume too large for one file (dasdinit without -lfs
 * splits at 2 GB) is a set of files: the first has file sequence 1, each header names the last
 * cylinder it holds, and the last says 0 there (Hercules ckddasd.c, the open of a CKD device).
 */
import { CKD_DEVICE_HEADER, imageNumber } from '../../arch/ckdImage';
import type { TrackGeometry, TrackRead } from '../dasd/trackStore';
import type { DeviceHost, HostFile } from '../host';
import { checkedTrack } from './trackImage';
import { at, type OpenedSource, type TrackSource } from './trackSource';

/** Hercules' limit on the files of one volume (CKD_MAXFILES). */
export const MAX_FILES = 27;
export const DEVICE_HEADER_SIZE = CKD_DEVICE_HEADER.size;

interface FilePart {
  readonly path: string;
  readonly file: HostFile;
  readonly firstCylinder: number;
  readonly cylinders: number;
}

export interface DeviceHeaderFacts {
  readonly heads: number;
  readonly trackSize: number;
  readonly deviceType: number;
  readonly fileSequence: number;
  readonly highCylinder: number;
}

export function deviceHeaderFacts(header: Uint8Array): DeviceHeaderFacts {
  return {
    heads: imageNumber(CKD_DEVICE_HEADER, header, 0, 'heads'),
    trackSize: imageNumber(CKD_DEVICE_HEADER, header, 0, 'trackSize'),
    deviceType: CKD_DEVICE_HEADER.get(header, 0, 'deviceType'),
    fileSequence: CKD_DEVICE_HEADER.get(header, 0, 'fileSequence'),
    highCylinder: imageNumber(CKD_DEVICE_HEADER, header, 0, 'highCylinder'),
  };
}

/** The character that marks file `n` of a multi-file volume: 1-9, then A, B, … */
export function sequenceCharacter(n: number): string {
  return n < 10 ? String(n) : String.fromCharCode(0x41 + n - 10);
}

/**
 * The name of file `n` of the volume whose file 1 is `first`: the character just before the
 * first '.' of the file name (or its last character when there is none) is the sequence.
 */
export function sequenceFileName(first: string, n: number): string {
  const slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
  const dot = first.indexOf('.', slash + 1);
  const pos = (dot > slash + 1 ? dot : first.length) - 1;
  return first.slice(0, pos) + sequenceCharacter(n) + first.slice(pos + 1);
}

/** Opens a CKD_P370 volume whose first file is open as `file` with header `header`. */
export function openP370(host: DeviceHost, path: string, file: HostFile, header: Uint8Array): OpenedSource {
  const first = deviceHeaderFacts(header);
  const parts: FilePart[] = [];
  const fail = (error: string): OpenedSource => {
    for (const p of parts) p.file.close();
    return { error };
  };
  if (first.heads < 1 || first.heads > 255) return fail(`${path}: the device header says ${first.heads} heads per cylinder at byte 8; the image is damaged`);
  if (first.trackSize < 37 || first.trackSize > 0x100000) return fail(`${path}: the device header says ${at(first.trackSize)}-byte tracks at byte 12; the image is damaged`);
  if (first.fileSequence > 1) return fail(`${path}: this is file ${first.fileSequence} of a multi-file volume; name its first file (sequence 1) in IMAGE=`);

  let current = { path, file, facts: first };
  let firstCylinder = 0;
  for (let n = 1; ; n++) {
    const { facts } = current;
    const where = current.path;
    if (facts.heads !== first.heads || facts.trackSize !== first.trackSize || facts.deviceType !== first.deviceType) {
      current.file.close();
      return fail(`${where}: its header (${facts.heads} heads, ${facts.trackSize}-byte tracks) does not match file 1's (${first.heads}, ${first.trackSize}); these files are not one volume`);
    }
    const cylinderBytes = facts.heads * facts.trackSize;
    const body = current.file.size - DEVICE_HEADER_SIZE;
    if (body < 0 || body % cylinderBytes !== 0) {
      current.file.close();
      return fail(`${where}: the file is ${at(current.file.size)} bytes, not a 512-byte header and whole cylinders of ${facts.heads} × ${at(facts.trackSize)}-byte tracks; the image is truncated or damaged at byte ${at(DEVICE_HEADER_SIZE + Math.max(0, body - (body % cylinderBytes)))}`);
    }
    const cylinders = body / cylinderBytes;
    const single = n === 1 && facts.fileSequence === 0;
    if (!single && facts.fileSequence !== n) {
      current.file.close();
      return fail(`${where}: the header says file ${facts.fileSequence} at byte 17 where file ${n} was expected`);
    }
    if (single && facts.highCylinder !== 0) {
      current.file.close();
      return fail(`${where}: a single-file image must say 0 as its last cylinder (byte 18), not ${facts.highCylinder}; the image is damaged`);
    }
    const last = facts.highCylinder === 0;
    if (!last && facts.highCylinder !== firstCylinder + cylinders - 1) {
      current.file.close();
      return fail(`${where}: the header says its last cylinder is ${facts.highCylinder} (byte 18), but the file holds cylinders ${firstCylinder} to ${firstCylinder + cylinders - 1}; the image is truncated or damaged`);
    }
    parts.push({ path: current.path, file: current.file, firstCylinder, cylinders });
    firstCylinder += cylinders;
    if (last || single) break;
    if (n === MAX_FILES) return fail(`${where}: file ${n} is not the last file, but a volume has at most ${MAX_FILES}`);
    const nextPath = sequenceFileName(path, n + 1);
    const opened = host.open(nextPath);
    if ('error' in opened) return fail(`${where} says more cylinders follow in ${nextPath}, which cannot be opened: ${opened.error}`);
    const nextHeader = opened.ok.read(0, DEVICE_HEADER_SIZE);
    if (nextHeader.length < DEVICE_HEADER_SIZE) {
      opened.ok.close();
      return fail(`${nextPath}: ${opened.ok.size} bytes, too short for a device header; the image is truncated`);
    }
    current = { path: nextPath, file: opened.ok, facts: deviceHeaderFacts(nextHeader) };
  }
  if (firstCylinder === 0) return fail(`${path}: the image holds no cylinders`);
  return { source: new P370Source(parts, first) };
}

class P370Source implements TrackSource {
  readonly format = 'CKD_P370' as const;
  readonly geometry: TrackGeometry;
  readonly paths: readonly string[];
  readonly trackSize: number;
  readonly deviceType: number;

  constructor(
    private readonly parts: readonly FilePart[],
    facts: DeviceHeaderFacts,
  ) {
    const last = parts[parts.length - 1] as FilePart;
    this.geometry = { cylinders: last.firstCylinder + last.cylinders, heads: facts.heads };
    this.paths = parts.map((p) => p.path);
    this.trackSize = facts.trackSize;
    this.deviceType = facts.deviceType;
  }

  /** Which file holds each cylinder (for the writer, which keeps the layout on save). */
  get layout(): readonly { readonly path: string; readonly firstCylinder: number; readonly cylinders: number }[] {
    return this.parts;
  }

  readTrack(cylinder: number, head: number): TrackRead {
    const part = this.parts.find((p) => cylinder >= p.firstCylinder && cylinder < p.firstCylinder + p.cylinders);
    if (!part || head < 0 || head >= this.geometry.heads) return { error: `track ${cylinder}/${head} is not on this volume` };
    const offset = DEVICE_HEADER_SIZE + ((cylinder - part.firstCylinder) * this.geometry.heads + head) * this.trackSize;
    const slot = part.file.read(offset, this.trackSize);
    if (slot.length < this.trackSize) return { error: `${part.path}: track ${cylinder}/${head} at byte ${at(offset)} is cut short (${slot.length} of ${at(this.trackSize)} bytes); the image is truncated` };
    const checked = checkedTrack(slot, cylinder, head, `${part.path} at byte ${at(offset)}`);
    return 'error' in checked ? checked : { image: checked.image };
  }

  close(): void {
    for (const p of this.parts) p.file.close();
  }
}

/** The file layout of a CKD_P370 source (undefined for other formats). */
export function p370Layout(source: TrackSource): readonly { readonly path: string; readonly firstCylinder: number; readonly cylinders: number }[] | undefined {
  return source instanceof P370Source ? source.layout : undefined;
}
