/** Assembles a `.ccw` text and runs it to the end on a Machine with the real device models. */
import { assemble } from '../../src/asm';
import { hasErrors, type IoPath } from '../../src/asm/image';
import { dirname } from 'node:path';
import { nodeDeviceHost } from '../../src/cli/nodeDeviceHost';
import { createDevice } from '../../src/devices';
import { Machine } from '../../src/runtime/machine';

/** `file` names the program for messages; DEVICE files (DECK=, IMAGE=, …) are relative to its folder. */
export function runProgram(source: string, path: IoPath, file = 'test.ccw') {
  const result = assemble(source, { file });
  if (hasErrors(result)) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const host = nodeDeviceHost(dirname(file));
  const machine = Machine.create(result.image, { createDevice: (spec) => createDevice(spec, host), path });
  if ('errors' in machine) throw new Error(machine.errors.join('\n'));
  const end = machine.runToEnd();
  if (end.runaway) throw new Error('runaway program');
  const records = machine.driver.records;
  return {
    machine,
    records,
    /** IRBs stored by the WAIT statements, in order. */
    irbs: records.filter((r) => r.statement.op === 'WAIT').map((r) => r.irb),
    memory: (address: number, length: number) => machine.guest.read(address, length),
  };
}
