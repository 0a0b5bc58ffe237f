/**
 * Command names as the device model itself names them (src/devices, `Device.commandName`),
 * so a hover says what the emulator will do with a command code. A device is made once per
 * device type: command names depend on the type only, and devices are cheap but not free.
 */
import { createDevice } from '../devices';
import type { Device } from '../css/device';

const byType = new Map<string, Device | null>();

function deviceFor(type: string): Device | null {
  const key = type.toUpperCase();
  let d = byType.get(key);
  if (d === undefined) {
    let made: Device | null = null;
    try {
      const r = createDevice({ devno: 0, type: key, options: {} });
      made = 'device' in r ? r.device : null;
    } catch {
      made = null; // a device model that throws must not take the editor down with it
    }
    d = made;
    byType.set(key, d);
  }
  return d;
}

/** `LOCATE RECORD` for X'47' on a 3390; null when the type is not emulated or has no such command. */
export function commandName(deviceType: string, code: number): string | null {
  try {
    return deviceFor(deviceType)?.commandName(code) ?? null;
  } catch {
    return null;
  }
}
