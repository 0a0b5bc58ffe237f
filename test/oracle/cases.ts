/**
 * Command-mode cases for the live differential suite (run-oracle's case format,
 * ../shared/oracle/README.md). Each runs on a 10-cylinder 3390 at 0190 with 0x5A-filled buffers
 * so that what the channel stored (and did not) shows in the dumps.
 */
type Json = Record<string, unknown>;

const BUF = [{ addr: '0x3000', fill: '0x5A', len: 256 }, { addr: '0x5000', fill: '0x5A', len: 256 }, { addr: '0x6000', fill: '0x5A', len: 64 }];
const DUMP = [{ addr: '0x3000', len: 64 }, { addr: '0x37F0', len: 32 }, { addr: '0x5000', len: 64 }, { addr: '0x6000', len: 64 }];

/** One program at 0x1000 (plus optional extra programs), SSCH + wait, dumps of the buffers. */
function one(name: string, description: string, ccws: Json[], orb: Json = {}, extra: Json = {}): Json {
  const format = orb.f === 0 ? 0 : 1;
  return {
    name,
    description,
    devices: [{ devnum: '0190', type: '3390', cyls: 10, volser: 'TEST01' }],
    memory: [...BUF, ...((extra.memory as Json[]) ?? [])],
    channel_programs: [{ addr: '0x1000', format, ccws }, ...((extra.programs as Json[]) ?? [])],
    ...(extra.idaws ? { idaws: extra.idaws } : {}),
    ...(extra.storage_keys ? { storage_keys: extra.storage_keys } : {}),
    steps: [
      { op: 'ssch', dev: '0190', orb: { key: 0, f: format, lpm: '0x80', cpa: '0x1000', intparm: '0x11223344', ...orb } },
      { op: 'wait', dev: '0190' },
    ],
    dump: DUMP,
  };
}

const nop = (flags: string, count = 0): Json => ({ cmd: '0x03', flags, count, addr: '0x3000' });
const rdc = (flags: string, count: number, addr = '0x3000'): Json => ({ cmd: '0x64', flags, count, addr });
const sense = (flags: string, count: number, addr = '0x3000'): Json => ({ cmd: '0x04', flags, count, addr });

export const CASES: Json[] = [
  one('x_nop_chain_40', '40 command-chained NOPs (count 0), the last with SLI', [...Array.from({ length: 39 }, () => nop('CC')), nop('SLI')]),
  one('x_nop_tic_nop_count0', 'NOP(CC) -> TIC -> NOP, counts 0', [nop('CC'), { cmd: '0x08', flags: '', count: 0, addr: '0x1100' }], {}, { programs: [{ addr: '0x1100', format: 1, ccws: [nop('')] }] }),
  one('x_nop_count1_f1_noSLI', 'format-1 NOP count 1 without SLI: immediate operation with a nonzero count', [nop('', 1)]),
  one('x_nop_count1_f0', 'format-0 NOP count 1 without SLI', [nop('', 1)], { f: 0 }),
  one('x_invalid_cmd_00', 'command code 00 (low four bits zero) after a NOP: program check', [nop('CC'), { cmd: '0x00', flags: '', count: 8, addr: '0x3000' }]),
  one('x_f0_count0', 'format-0 CCW with count 0: program check', [nop('CC', 1), sense('', 0)], { f: 0 }),
  one('x_tic_f1_flags', 'format-1 TIC with nonzero flags: program check', [nop('CC'), { raw: '0840000000001100' }]),
  one('x_tic_f1_count', 'format-1 TIC with nonzero count: program check', [nop('CC'), { raw: '0800000800001100' }]),
  one('x_sense_short_sli', 'Sense 8 of 32 with SLI: 8 stored, no IL', [sense('SLI', 8)]),
  one('x_sense_short_nosli', 'Sense 8 of 32 without SLI: IL', [sense('', 8)]),
  one('x_sense_long_nosli', 'Sense 48 (32 offered) without SLI: IL, residual 16', [sense('', 48)]),
  one('x_rdc_cd_32_32', 'Read Device Characteristics (64) data-chained as 32 at 0x3000 + 32 at 0x5000', [rdc('CD', 32), rdc('', 32, '0x5000')]),
  one('x_rdc_cd_tic', 'RDC data-chained through a TIC', [rdc('CD', 32), { cmd: '0x08', flags: '', count: 0, addr: '0x1100' }], {}, { programs: [{ addr: '0x1100', format: 1, ccws: [rdc('', 32, '0x5000')] }] }),
  one('x_rdc_cd_sli_short', 'RDC 32 + 16 data-chained, SLI on the last: 16 left, no IL', [rdc('CD', 32), rdc('SLI', 16, '0x5000')]),
  one('x_rdc_cd_noSLI_short', 'RDC 32 + 16 data-chained without SLI: IL', [rdc('CD', 32), rdc('', 16, '0x5000')]),
  one('x_sense_cd_reject', 'Sense (04) with CD: Hercules 3.13 rejects it (kept to show the device-model difference)', [sense('CD', 16), sense('', 16, '0x5000')]),
  one('x_sense_skip', 'Sense 32 with SKIP: nothing stored', [sense('SKIP', 32)]),
  one('x_rdc_cd_skip_second', 'RDC 32 stored + 32 skipped (data chaining with SKIP)', [rdc('CD', 32), rdc('SKIP', 32, '0x5000')]),
  one('x_pci_nop_chain', 'PCI on the second of three chained NOPs', [nop('CC'), nop('CC|PCI'), nop('')]),
  one('x_sense_ida', 'Sense 32 via format-1 IDAWs 0x37F0, 0x5000', [{ cmd: '0x04', flags: 'IDA', count: 32, addr: '0x4000' }], {}, { idaws: [{ addr: '0x4000', words: ['0x000037F0', '0x00005000'] }] }),
  one('x_sense_ida_unaligned_second', 'IDAW list whose second IDAW is not on a 2K boundary: program check', [{ cmd: '0x04', flags: 'IDA', count: 32, addr: '0x4000' }], {}, { idaws: [{ addr: '0x4000', words: ['0x000037F0', '0x00005010'] }] }),
  one('x_sense_addr_beyond', 'Sense into 0x7FFFFFF0 (beyond 16 MiB storage): program check', [sense('', 32, '0x7FFFFFF0')]),
  one('x_sense_protected', 'Sense with ORB key 3 into a key-6 frame: protection check', [sense('', 32, '0x6000')], { key: 3 }, { storage_keys: [{ addr: '0x6000', len: 4096, key: 6, fetch: false }] }),
  one('x_ccw_fetch_protected', 'CCW fetch from a fetch-protected key-6 frame with ORB key 3: protection check', [nop('')], { key: 3 }, { storage_keys: [{ addr: '0x1000', len: 4096, key: 6, fetch: true }] }),
  one('x_s_flag_without_orb_s', 'CCW S flag with ORB S=0: program check', [nop('CC'), nop('S')]),
  one('x_sm_skip', 'Search ID Equal on R0 (matches), TIC skipped by status modifier, then NOP', [
    { cmd: '0x07', flags: 'CC', count: 6, addr: '0x5100' },
    { cmd: '0x31', flags: 'CC', count: 5, addr: '0x5108' },
    { cmd: '0x08', flags: '', count: 0, addr: '0x1008' },
    nop(''),
  ], {}, { memory: [{ addr: '0x5100', hex: '0000 0000 0000 0000 0000 0000 0000 0000' }] }),
];
