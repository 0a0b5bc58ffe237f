/**
 * The service as the editor drives it: the document cache, the debounced diagnostics, bad
 * input, and a 10,000-line file (issue 3: "a 10,000-line file stays responsive").
 */
import { describe, expect, test } from 'vitest';
import {
  analyze,
  completionsAt,
  Debouncer,
  definitionAt,
  diagnosticsByFile,
  DocumentCache,
  documentSymbols,
  hoverAt,
  referencesAt,
  renameAt,
  type Timers,
} from '../../../src/lang';
import { LANGUAGE_EXAMPLE, bigProgram } from './fixtures';

/** Timers the test advances by hand. */
function manualTimers(): Timers & { fire(): void; readonly waiting: number } {
  let next = 0;
  const jobs = new Map<number, () => void>();
  return {
    set: (fn) => {
      jobs.set(++next, fn);
      return next;
    },
    clear: (h) => void jobs.delete(h as number),
    fire: () => {
      const all = [...jobs.values()];
      jobs.clear();
      for (const j of all) j();
    },
    get waiting() {
      return jobs.size;
    },
  };
}

describe('diagnostics as you type', () => {
  test('a burst of changes schedules one assembly, after the changes stop', () => {
    const timers = manualTimers();
    const d = new Debouncer(250, timers);
    let runs = 0;
    for (let i = 0; i < 20; i++) d.schedule('file:///a.ccw', () => runs++);
    d.schedule('file:///b.ccw', () => runs++);
    expect(runs).toBe(0);
    expect(timers.waiting).toBe(2);
    timers.fire();
    expect(runs).toBe(2);
    expect(d.size).toBe(0);
  });

  test('cancel and dispose drop what is waiting', () => {
    const timers = manualTimers();
    const d = new Debouncer(250, timers);
    let runs = 0;
    d.schedule('a', () => runs++);
    d.schedule('b', () => runs++);
    d.cancel('a');
    d.dispose();
    timers.fire();
    expect(runs).toBe(0);
  });

  test('a broken line is a diagnostic at its columns, grouped by file', () => {
    const a = analyze('/ws/x.ccw', `${LANGUAGE_EXAMPLE.replace('         END', '         CCW1  RDDATA,NOWHERE,SLI,80\n         BOGUS 1\n         END')}`);
    const byFile = diagnosticsByFile(a).get('/ws/x.ccw') ?? [];
    expect(byFile.map((d) => [d.range.start.line, d.severity, d.code])).toEqual([
      [14, 'error', expect.stringMatching(/^CCW/)],
      [15, 'error', 'CCW003'],
    ]);
    expect(byFile[0]?.message).toContain('NOWHERE');
    expect(byFile[1]?.range).toEqual({ start: { line: 15, character: 9 }, end: { line: 15, character: 14 } });
  });

  test('a clean file has an empty list for itself, so the editor clears old problems', () => {
    expect(diagnosticsByFile(analyze('/ws/x.ccw', LANGUAGE_EXAMPLE))).toEqual(new Map([['/ws/x.ccw', []]]));
  });
});

describe('document cache', () => {
  test('the same version is assembled once; a new version again; latest never assembles', () => {
    const cache = new DocumentCache();
    const a1 = cache.get('u', 1, '/ws/x.ccw', LANGUAGE_EXAMPLE);
    expect(cache.get('u', 1, '/ws/x.ccw', LANGUAGE_EXAMPLE)).toBe(a1);
    const a2 = cache.get('u', 2, '/ws/x.ccw', LANGUAGE_EXAMPLE + '\n');
    expect(a2).not.toBe(a1);
    expect(cache.latest('u')).toBe(a2);
    cache.forget('u');
    expect(cache.latest('u')).toBeUndefined();
  });

  test('a change to a COPY file drops the analyses that read it', () => {
    const cache = new DocumentCache();
    const read = (p: string) => (p === '/ws/inc.ccw' ? 'BUF DS CL8\n' : undefined);
    cache.get('main', 1, '/ws/main.ccw', '         COPY inc.ccw\n', read);
    cache.get('other', 1, '/ws/other.ccw', '         END\n', read);
    cache.forgetReaders('/ws/inc.ccw');
    expect(cache.latest('main')).toBeUndefined();
    expect(cache.latest('other')).toBeDefined();
  });
});

describe('never throws on bad input', () => {
  const junk = [
    '',
    "'''",
    "LABEL",
    "X        CCW1  ,,,,,,",
    "         ORB   =,==,CPA=(,KEY=)",
    "         DC    C'unterminated",
    "         EXPECT MEM(,)=,DSTAT&=,SCSW.=",
    "\t\t;;;\u0000\uffff",
    "L'       DC    L'L'L",
    'A'.repeat(500) + ' CCW1 ' + 'B,'.repeat(300),
    "         COPY  ../../../../etc/passwd",
    "         SSCH  ZZZZ,ZZZZ",
  ].join('\n');

  test('every request at every position of a junk file answers', () => {
    const a = analyze('/ws/junk.ccw', junk, () => {
      throw new Error('disk on fire');
    });
    expect(a.result.diagnostics.length).toBeGreaterThan(0);
    documentSymbols(a);
    const lines = junk.split('\n');
    lines.forEach((text, line) => {
      for (let character = 0; character <= Math.min(text.length, 120); character++) {
        const pos = { line, character };
        hoverAt(a, pos);
        completionsAt(a, pos);
        definitionAt(a, pos);
        referencesAt(a, pos);
        expect(renameAt(a, pos, 'NEW')).toBeDefined();
      }
    });
  });
});

describe('a 10,000-line file', () => {
  test('assembles without errors, and every request answers from its analysis', () => {
    const src = bigProgram(10_000);
    expect(src.split('\n').length).toBe(10_000);
    const t0 = performance.now();
    const a = analyze('/ws/big.ccw', src);
    const assembled = performance.now() - t0;
    expect(a.result.diagnostics).toEqual([]);
    const outline = documentSymbols(a);
    expect(outline.filter((s) => s.kind === 'program')).toHaveLength(999);
    const ssch = a.lines.findLastIndex((l) => l.includes('SSCH'));
    const refs = referencesAt(a, { line: ssch, character: (a.lines[ssch] ?? '').indexOf('ORB') + 1 });
    expect(refs.map((r) => r.range.start.line)).toEqual([ssch - 7, ssch]);
    const locrec = a.lines.findLastIndex((l) => l.includes('LOCREC'));
    expect(hoverAt(a, { line: locrec, character: 12 })?.contents).toContain('LOCATE RECORD');
    const t1 = performance.now();
    // completion reads the last analysis: no assembly on the keystroke path
    expect(completionsAt(a, { line: 5000, character: 16 }, '         CCW1  R').items.length).toBeGreaterThan(10);
    const completed = performance.now() - t1;
    // Reported, not asserted: wall-clock time depends on the machine (the issue note quotes it).
    console.log(`10,000 lines: analysis ${assembled.toFixed(0)} ms, completion ${completed.toFixed(1)} ms`);
  });
});
