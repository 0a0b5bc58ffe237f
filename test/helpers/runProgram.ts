/** Assembles a `.ccw` text and runs it to the end on a Machine with the real device models. */
import { assemble } from '../../src/asm';
import { hasErrors, type IoPath } from '../../src/asm/image';
import { createDevice } from '../../src/devices';
import { Machine } from '../../src/runtime/machine';

export function runProgram(source: string, path: IoPath) {
  const result = assemble(source, { file: 'test.ccw' });
  if (hasErrors(result)) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const machine = Machine.create(result.image, { createDevice, path });
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
