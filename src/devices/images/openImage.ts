/**
 * Opens a Hercules CKD image by its header: CKD_P370 (one file or a multi-file volume) and
 * CKD_C370 are read; the other Hercules formats are refused by name.
 */
import { CKD_IMAGE_IDS, imageId } from '../../arch/ckdImage';
import { hex } from '../../arch/field';
import type { DeviceHost } from '../host';
import { openCckd } from './cckd';
import { NO_DECOMPRESSORS, type Decompressors } from './decompressors';
import { DEVICE_HEADER_SIZE, deviceHeaderFacts, openP370 } from './p370';
import { at, type OpenedSource } from './trackSource';

/** Why each format we do not read is refused, and what to do instead. */
const REFUSED: Readonly<Record<string, string>> = {
  [CKD_IMAGE_IDS.CKD_P064]: 'a 64-bit uncompressed CKD image (CKD_P064, newer Hercules), which ccw does not read; convert it to CKD_P370 with a Hercules that has dasdcopy64, or use a CKD_P370 image',
  [CKD_IMAGE_IDS.CKD_C064]: 'a 64-bit compressed CKD image (CKD_C064, newer Hercules), which ccw does not read; convert it with that Hercules\' dasdcopy to a CKD_P370 or CKD_C370 image',
  [CKD_IMAGE_IDS.CKD_S370]: 'a compressed CKD shadow file (CKD_S370), which ccw does not read; name the base image, or merge the shadow into it with Hercules (sf- or dasdcopy)',
  [CKD_IMAGE_IDS.CKD_S064]: 'a 64-bit compressed CKD shadow file (CKD_S064), which ccw does not read; name the base image',
  [CKD_IMAGE_IDS.FBA_C370]: 'a compressed FBA image (FBA_C370); ccw emulates a 3390, which needs a CKD image',
  [CKD_IMAGE_IDS.FBA_S370]: 'a compressed FBA shadow file (FBA_S370); ccw emulates a 3390, which needs a CKD image',
  [CKD_IMAGE_IDS.FBA_C064]: 'a 64-bit compressed FBA image (FBA_C064); ccw emulates a 3390, which needs a CKD image',
  [CKD_IMAGE_IDS.FBA_S064]: 'a 64-bit compressed FBA shadow file (FBA_S064); ccw emulates a 3390, which needs a CKD image',
};

/** Device type byte of a 3390 in the image header. */
export const DEVICE_TYPE_3390 = 0x90;

export function openImage(host: DeviceHost, path: string, decompressors: Decompressors = NO_DECOMPRESSORS): OpenedSource {
  const opened = host.open(path);
  if ('error' in opened) return opened;
  const file = opened.ok;
  const header = file.read(0, 2 * DEVICE_HEADER_SIZE);
  const refuse = (why: string): OpenedSource => {
    file.close();
    return { error: `${path}: ${why}` };
  };
  if (header.length < DEVICE_HEADER_SIZE) return refuse(`${at(file.size)} bytes, too short for the 512-byte device header of a Hercules CKD image; the image is truncated or is not a CKD image`);
  const id = imageId(header);
  if (id in REFUSED) return refuse(`is ${REFUSED[id]}`);
  if (id !== CKD_IMAGE_IDS.CKD_P370 && id !== CKD_IMAGE_IDS.CKD_C370) {
    return refuse(`not a Hercules CKD image: the first 8 bytes are ${id ? `"${id}"` : 'not text'}, not "CKD_P370" (uncompressed) or "CKD_C370" (compressed)`);
  }
  const deviceType = deviceHeaderFacts(header).deviceType;
  if (deviceType !== DEVICE_TYPE_3390) return refuse(`the device header says device type X'${hex(deviceType, 2)}' at byte 16 (X'80' is a 3380); ccw emulates a 3390, X'90'`);
  return id === CKD_IMAGE_IDS.CKD_P370 ? openP370(host, path, file, header) : openCckd(path, file, header, decompressors);
}
