/**
 * The debug console's track view, `dasd DEVNO CYL HEAD`, through a real DAP client: the records
 * of a track (count, key, first data bytes in hex and EBCDIC) read from the volume without
 * moving the head or counting a track read — the machine's snapshot is the same afterwards.
 */
import { resolve } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { launch, repl, startClient, until } from './client';

const TRACK_FIXTURE = resolve('test/dap/fixtures/dasd-track.ccw');

let dc: DebugClient;
beforeEach(async () => {
  dc = await startClient();
});
afterEach(async () => {
  await dc.stop();
});

/** The lines after the device state: the track view starts at `track cylinder`. */
function trackLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('track ')));
}

describe('debug console: dasd DEVNO CYL HEAD', () => {
  test('a fresh volume\'s track 0: R0, IPL1, IPL2 and VOL1 as Hercules 3.13 dasdinit writes them', async () => {
    await launch(dc, { program: TRACK_FIXTURE });
    expect(trackLines(await repl(dc, 'dasd 0190 0 0'))).toEqual([
      "track cylinder 0 head 0: 4 record(s), home address flag X'00' (read from the volume; the head does not move)",
      '  R0  CCHHR 0000 0000 00  KL 0  DL 8',
      '      data 00000000 00000000  *........*',
      '  R1  CCHHR 0000 0000 01  KL 4  DL 24',
      '      key  C9D7D3F1  *IPL1*',
      '      data 00060000 0000000F 03000000 00000001  *................* … (24 bytes)',
      '  R2  CCHHR 0000 0000 02  KL 4  DL 144',
      '      key  C9D7D3F2  *IPL2*',
      '      data 00000000 00000000 00000000 00000000  *................* … (144 bytes)',
      '  R3  CCHHR 0000 0000 03  KL 4  DL 80',
      '      key  E5D6D3F1  *VOL1*',
      // VOL1: volser, security byte X'40' (Hercules 3.13: oracle v_fresh_volume_volser; the
      // X'C0' of reference 2.2 is newer dasdinit), VTOC CCHHR 0000 0001 01.
      '      data E5D6D3F1 E3D9D2F0 F0F14000 00000101  *VOL1TRK001 .....* … (80 bytes)',
    ]);
  });

  test('a track the program wrote, and no change to the machine', async () => {
    await launch(dc, { program: TRACK_FIXTURE });
    expect(trackLines(await repl(dc, 'dasd 0190 0 1'))[0]).toMatch(/^track cylinder 0 head 1: 1 record\(s\)/);
    await until(dc, () => dc.continueRequest({ threadId: 1 }));
    const before = JSON.stringify((await dc.customRequest('ccw/snapshot')).body);
    const state = await repl(dc, 'dasd 0190');
    expect(trackLines(await repl(dc, 'dasd 0190 0 1'))).toEqual([
      "track cylinder 0 head 1: 2 record(s), home address flag X'00' (read from the volume; the head does not move)",
      '  R0  CCHHR 0000 0001 00  KL 0  DL 8',
      '      data 00000000 00000000  *........*',
      '  R1  CCHHR 0000 0001 01  KL 4  DL 20',
      '      key  D2C5E8F1  *KEY1*',
      '      data E3D9C1C3 D240E5C9 C5E640D6 C640D9F1  *TRACK VIEW OF R1* … (20 bytes)',
    ]);
    // Reading a track is not a device operation: position, counters and sense stay as they were.
    expect(await repl(dc, 'dasd 0190')).toBe(state);
    expect(JSON.stringify((await dc.customRequest('ccw/snapshot')).body)).toBe(before);
  });

  test('wrong arguments, a track off the volume, an unknown device', async () => {
    await launch(dc, { program: TRACK_FIXTURE });
    expect(await repl(dc, 'dasd 0190 0')).toBe('usage: dasd DEVNO [CYL HEAD] (decimal cylinder and head)');
    expect(await repl(dc, 'dasd 0190 X 1')).toBe('usage: dasd DEVNO [CYL HEAD] (decimal cylinder and head)');
    expect(trackLines(await repl(dc, 'dasd 0190 0 15'))).toEqual(['track 0/15: track 0/15 is not on this volume (3339 cylinders, 15 heads)']);
    expect(await repl(dc, 'dasd 0999 0 0')).toMatch(/^no device 0999 is attached \(0190\)/);
  });
});
