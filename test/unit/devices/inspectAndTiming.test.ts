/**
 * What the debugger's Device scope shows for a 3390 (rows built from the field tables), the
 * modelled command times (src/devices/dasd/timing.ts documents the model), and device reset.
 */
import { describe, expect, test } from 'vitest';
import type { Device, DeviceStateRow } from '../../../src/css/device';
import { createDevice } from '../../../src/devices';
import { runCcws, type CcwSpec } from '../../helpers/ccwRunner';
import { fromHex } from '../../helpers/hex';

function make(options: Record<string, string> = {}): Device {
  const made = createDevice({ devno: 0x0190, type: '3390-3', options });
  if ('error' in made) throw new Error(made.error);
  return made.device;
}

function find(rows: readonly DeviceStateRow[], path: string): DeviceStateRow | undefined {
  const [head, ...rest] = path.split('.');
  const r = rows.find((x) => x.name === head);
  return rest.length === 0 ? r : find(r?.children ?? [], rest.join('.'));
}

const DE: CcwSpec = { cmd: 0x63, flags: 0x40, count: 16, data: fromHex('00C00000 00000000 00000000 0000000E'.replace(/ /g, '')) };
const lr = (hex: string): CcwSpec => ({ cmd: 0x47, flags: 0x40, count: 16, data: fromHex(hex.replace(/ /g, '')) });

describe('the Device scope rows', () => {
  test('identity, geometry and control unit', () => {
    const rows = make().inspect();
    expect(find(rows, 'device')?.value).toBe('0190 3390-3');
    expect(find(rows, 'device.model')?.value).toBe("3390-3 (model byte X'0A', unit type X'24')");
    expect(find(rows, 'device.geometry')?.value).toBe('3,339 cylinders × 15 heads = 50,085 tracks');
    expect(find(rows, 'device.controlUnit')?.value).toBe("3990 model X'C2'");
    expect(find(rows, 'device.volume')?.value).toBe('memory (fresh volume V0190)');
  });

  test('position, orientation, extent, file mask and the open Locate Record domain', () => {
    const d = make();
    runCcws(d, [DE, lr('06000002 00000000 00000000 01000000'), { cmd: 0x06, flags: 0x40, count: 24 }]);
    const rows = d.inspect();
    expect(find(rows, 'position')?.value).toBe('cylinder 0 head 0');
    expect(find(rows, 'position.record')?.value).toBe('R1 (key 4, data 24)');
    expect(find(rows, 'position.orientation')?.value).toBe('data area of R1');
    expect(find(rows, 'channelProgram.extent')?.value).toBe('0/0 – 0/14 (15 tracks)');
    expect(find(rows, 'channelProgram.defineExtent.architecture')?.value).toBe("B'11'  [byte 1 bits 0-1]");
    expect(find(rows, 'channelProgram.defineExtent.writeControl')?.value).toBe("X'0' (INHIBIT WRITE HA/R0)  [byte 0 bits 0-1]");
    expect(find(rows, 'channelProgram.blockSize')?.value).toBe('57334');
    expect(find(rows, 'channelProgram.locateRecord')?.value).toBe('READ DATA, count orientation, 1 of 2 outstanding, transfer length 57334');
    expect(find(rows, 'channelProgram.locateRecord.searchR')?.value).toBe('1  [byte 12 bits 0-7]');
  });

  test('the pending sense, explained and decoded through the sense table', () => {
    const d = make();
    runCcws(d, [{ cmd: 0xff, count: 16 }]);
    const rows = d.inspect();
    expect(find(rows, 'sense')?.value).toBe("command reject (format 0 message 1): X'FF' is not a 3390 command");
    expect(find(rows, 'sense.bytes')?.value).toBe('80000000 00000001 00000000 00000000 00000000 00000000 00000080 00000000');
    expect(find(rows, 'sense.byte0')?.value).toBe("X'80' (COMMAND REJECT)  [byte 0 bits 0-7]");
    expect(find(rows, 'sense.message')?.value).toBe("X'1' (INVALID COMMAND)  [byte 7 bits 4-7]");
    expect(find(rows, 'sense.compatible24')?.value).toBe('1  [byte 27 bit 0]');
    expect(find(rows, 'lastCommand')?.value).toBe("X'FF' not a 3390 command → CE+DE+UC");
  });

  test('no sense pending shows the null sense', () => {
    expect(find(make().inspect(), 'sense')?.value).toBe('none pending');
  });
});

describe('modelled times (timing.ts: 25 µs per command, 14,085 µs a revolution for 58,786 bytes, seeks 1.5 ms + 260 µs·√d)', () => {
  test('a NOP takes the command overhead; Sense ID adds its 12 bytes (⌈12·14085/58786⌉ = 3 µs)', () => {
    const d = make();
    expect(runCcws(d, [{ cmd: 0x03, count: 1 }]).last.result.timeUs).toBe(25);
    expect(runCcws(d, [{ cmd: 0xe4, flags: 0x20, count: 256 }]).last.result.timeUs).toBe(28);
  });

  test('Locate Record adds the seek and half a revolution of latency: 1,113 cylinders away ≈ 9.8 ms more', () => {
    const near = runCcws(make(), [DE, lr('06000001 00000000 00000000 01000000')]).ccws[1]?.result.timeUs ?? 0;
    const d = make();
    const far = runCcws(d, [{ cmd: 0x63, flags: 0x40, count: 16, data: fromHex('00C00000 00000000 00000000 0D0A000E'.replace(/ /g, '')) }, lr('06000001 04590000 04590000 00000000')]).ccws[1]?.result.timeUs ?? 0;
    expect(near).toBe(25 + 4 + 7_043);
    expect(far - near).toBe(Math.round(1_500 + 260 * Math.sqrt(1113)));
  });

  test('the same program takes the same time every run (virtual time is deterministic)', () => {
    const program = [DE, lr('06000003 00000000 00000000 01000000'), { cmd: 0x06, flags: 0x40, count: 24 }, { cmd: 0x06, flags: 0x40, count: 144 }, { cmd: 0x06, count: 80 }];
    const a = runCcws(make(), program).ccws.map((c) => c.result.timeUs);
    const b = runCcws(make(), program).ccws.map((c) => c.result.timeUs);
    expect(a).toEqual(b);
    expect(a.every((t) => t > 0)).toBe(true);
    // Bigger records pass the head for longer.
    expect((a[3] ?? 0) > (a[2] ?? 0)).toBe(true);
  });
});

describe('device reset', () => {
  test('drops pending sense and the channel program state', () => {
    const d = make();
    runCcws(d, [DE, lr('06000002 00000000 00000000 01000000'), { cmd: 0xff, count: 1 }]);
    expect(d.sense()[0]).toBe(0x80);
    d.reset();
    expect(d.sense()[0]).toBe(0);
    expect(find(d.inspect(), 'channelProgram.locateRecord')?.value).toBe('no domain open');
  });
});
