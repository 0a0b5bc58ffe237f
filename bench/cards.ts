/**
 * Card-reader throughput: cards per second through the 3505 on the channel subsystem
 * (PATH direct): one channel program of chained Read commands over a text deck, data moved into
 * guest storage. Virtual time is not wall time: this measures the emulator, not a 3505.
 */
import { best, type Report } from './report';
import { CCW1, ORB, ORB_AREA } from '../src/arch';
import { ChannelSubsystem, GuestStorage, Scheduler } from '../src/css';
import { createDevice, type DeviceHost } from '../src/devices';

function deckHost(cards: number): DeviceHost {
  const text = new TextEncoder().encode(Array.from({ length: cards }, (_, i) => `CARD ${String(i + 1).padStart(6, '0')} OF THE BENCHMARK DECK`).join('\n') + '\n');
  return {
    open: () => ({ ok: { size: text.length, read: (o: number, n: number) => text.slice(o, o + n), close: () => {} } }),
    writeAtomic: () => ({ ok: null }),
  };
}

function readDeck(cards: number): { cards: number; ms: number } {
  const made = createDevice({ devno: 0x000c, type: '3505', options: { DECK: 'deck.txt' } }, deckHost(cards));
  if ('error' in made) throw new Error(made.error);
  const storage = new GuestStorage(64 << 20);
  const base = 0x10000;
  const data = 0x100000;
  for (let i = 0; i < cards; i++) {
    storage.write(base + i * 8, CCW1.encode({ cmd: 0x02, flags: i < cards - 1 ? 0x40 : 0, count: 80, cda: data + (i % 4096) * 80 }));
  }
  const scheduler = new Scheduler();
  const css = new ChannelSubsystem(storage, scheduler);
  css.attach(0, made.device);
  const t0 = performance.now();
  const r = css.startSubchannel(0, ORB_AREA.decode(ORB.encode({ F: 1, P: 1, lpm: 0x80, cpa: base })));
  if (!('cc' in r) || r.cc !== 0) throw new Error('SSCH failed');
  while (scheduler.runNext());
  const ms = performance.now() - t0;
  if (css.testSubchannel(0).cc !== 0) throw new Error('no status');
  return { cards, ms };
}

export async function run(report: Report): Promise<void> {
  const r = best(5, () => readDeck(50_000));
  report(`3505 read, PATH direct: ${r.cards.toLocaleString('en-US')} cards in ${r.ms.toFixed(1)} ms = ${Math.round(r.cards / (r.ms / 1000)).toLocaleString('en-US')} cards/s (best of 5; a real 3505 B2 reads 20/s)`);
}
