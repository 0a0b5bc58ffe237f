/**
 * HeldWrites: the adapter's output stream holds a stop's messages back and writes them as one
 * chunk, in order; outside a hold every message goes straight through.
 */
import { describe, expect, test } from 'vitest';
import { HeldWrites, type MessageStream } from '../../../src/debug/heldWrites';

function recorder() {
  const writes: string[] = [];
  const listeners: ((e: Error) => void)[] = [];
  let ended = false;
  const out: MessageStream = {
    write: (chunk) => (writes.push(chunk), true),
    end: () => {
      ended = true;
    },
    on: (_event, listener) => listeners.push(listener),
  };
  return { out, writes, listeners, ended: () => ended };
}

describe('HeldWrites', () => {
  test('writes go straight through outside a hold', () => {
    const r = recorder();
    const w = new HeldWrites(r.out);
    w.write('a');
    w.write('b');
    expect(r.writes).toEqual(['a', 'b']);
  });

  test('a hold writes nothing until release, then everything in order as one chunk', () => {
    const r = recorder();
    const w = new HeldWrites(r.out);
    expect(w.hold()).toBe(true);
    w.write('one ');
    w.write('two ');
    w.write('three');
    expect(r.writes).toEqual([]);
    w.release();
    expect(r.writes).toEqual(['one two three']);
    w.write('after');
    expect(r.writes).toEqual(['one two three', 'after']);
  });

  test('a hold inside a hold is not one: the outer release writes', () => {
    const r = recorder();
    const w = new HeldWrites(r.out);
    expect(w.hold()).toBe(true);
    w.write('x');
    expect(w.hold()).toBe(false);
    w.write('y');
    w.release();
    expect(r.writes).toEqual(['xy']);
  });

  test('a release with nothing held writes nothing; end writes what is held, then ends', () => {
    const r = recorder();
    const w = new HeldWrites(r.out);
    w.hold();
    w.release();
    expect(r.writes).toEqual([]);
    w.hold();
    w.write('last');
    w.end();
    expect(r.writes).toEqual(['last']);
    expect(r.ended()).toBe(true);
  });

  test('error listeners are the stream\'s', () => {
    const r = recorder();
    const w = new HeldWrites(r.out);
    const f = () => {};
    expect(w.on('error', f)).toBe(w);
    expect(r.listeners).toEqual([f]);
  });
});
