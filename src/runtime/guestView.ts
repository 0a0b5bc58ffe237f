/**
 * On PATH vfio the channel runs the translated program in host memory; users think in the
 * guest's addresses and CCWs. These helpers map what the host channel reports back to the
 * guest's view, through the translation vfio-ccw made (cp_update_scsw does the same for the
 * SCSW's CCW address).
 */
import type { Ccw } from '../arch';
import type { TranslatedCcw } from '../vfio';
import type { MachineDevice } from './machine';

export interface GuestCcwView {
  /** Guest address of the CCW. */
  readonly address: number;
  /** The CCW as the guest wrote it (as copied at translation time), format-1 form. */
  readonly ccw: Ccw;
  /** Host address of the translated CCW, on PATH vfio. */
  readonly hostAddress: number | null;
  readonly translated: TranslatedCcw | null;
}

export function guestViewOfCcw(device: MachineDevice, cssAddress: number, ccw: Ccw | null): GuestCcwView {
  const empty: Ccw = { cmd: 0, flags: 0, count: 0, cda: 0 };
  if (!device.mdev) return { address: cssAddress, ccw: ccw ?? empty, hostAddress: null, translated: null };
  const translated = device.mdev.cp?.ccwAtHost(cssAddress) ?? findIn(device, cssAddress);
  if (!translated) return { address: cssAddress, ccw: ccw ?? empty, hostAddress: cssAddress, translated: null };
  return { address: translated.guestAddress, ccw: translated.guest, hostAddress: cssAddress, translated };
}

/** The guest address guestViewOfCcw gives the CCW at `cssAddress`, without building the view (the Channel Program panel asks at every stop). */
export function guestCcwAddress(device: MachineDevice, cssAddress: number): number {
  if (!device.mdev) return cssAddress;
  return (device.mdev.cp?.ccwAtHost(cssAddress) ?? findIn(device, cssAddress))?.guestAddress ?? cssAddress;
}

/** After cp_free the live translation is gone; the last snapshot still maps addresses. */
function findIn(device: MachineDevice, hostAddress: number): TranslatedCcw | null {
  for (const s of device.mdev?.lastSegments ?? []) {
    const i = (hostAddress - s.hostHead) / 8;
    if (Number.isInteger(i) && i >= 0 && i < s.ccws.length) return s.ccws[i] ?? null;
  }
  return null;
}

/** The guest address for a host CCW address (cp_update_scsw), also after the program ended. */
export function guestAddressOf(device: MachineDevice, cssAddress: number): number {
  if (!device.mdev) return cssAddress;
  if (device.mdev.cp) return device.mdev.cp.guestAddressOf(cssAddress);
  for (const s of device.mdev.lastSegments) {
    if (cssAddress >= s.hostHead && cssAddress <= s.hostHead + s.ccws.length * 8) return s.guestHead + (cssAddress - s.hostHead);
  }
  return cssAddress;
}
