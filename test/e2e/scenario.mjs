// UI scenario: F5 on a .ccw file in a real VS Code (code-server), step through a channel
// program, read the Variables view and the "CCW Regions" tree, stop. Run by test/e2e/run.sh,
// which starts code-server and passes CCW_E2E_URL; see test/e2e/README.md.
//
// Every label and text the scenario expects from the extension is in EXPECT below: adjust it
// there when the extension's wording changes.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const EXPECT = {
  /** the workspace file the scenario opens (copied from examples/read-vol1.ccw by run.sh) */
  file: 'read-vol1.ccw',
  /** status-bar language of the opened file: proves the `ccw` language is contributed */
  languageMode: /\bccw\b|channel program/i,
  /** b. F5 with no launch.json stops on entry on this line */
  entryLine: [/\bSSCH\b/i],
  /** c. F11 (Step Into) on SSCH stops on the first CCW: the line must match all of these */
  firstCcwLine: [/\bCCW1\b/i, /\bDEFEXT\b/i],
  /** c. some row of the Call Stack (a thread for the subchannel) contains this */
  subchannelThread: '0190',
  /** d. F10 (Step Over) stops on the next CCW */
  nextCcwLine: [/\bLOCREC\b/i],
  /** e. Variables: the scope that shows the current CCW ... */
  ccwScope: 'CCW',
  /** ... and one of its rows shows this command code (LOCATE RECORD) */
  ccwCommand: "X'47'",
  /** e. one of these scopes must exist too */
  statusScopes: ['SCSW', 'Subchannel'],
  /** f. title of the tree view contributed to the Run and Debug container */
  regionsView: 'CCW Regions',
  /** f. rows the tree must show (label text, exact match of a row's first word) */
  regionRows: ['orb_area', 'scsw_area', 'irb_area', 'ret_code'],
  /** f. the ret_code row must read 0 ("ret_code 0", "ret_code = 0", "ret_code: 0x00000000") */
  retCode: /^ret_code\s*[:=]?\s*(?:0x|X')?0+'?(?:\s|$)/i,
  /** g. after Continue the session either ends, or stays paused on a line matching this */
  endLine: /^\s*(?:\S+\s+)?END\b/i,
  /** h. the line whose CCW the scenario hovers, the word hovered, and what the hover must say */
  hoverLine: 'LOCREC,LOCPARM',
  hoverWord: 'CCW1',
  hoverText: [/LOCATE RECORD/, /\b0190\b/, /\bCC\b/, /LOCPARM/],
  /** i. a new line typed after the line matching `typeAfter`; completion must offer `completionItem` */
  typeAfter: /EXPECT MEM\(/,
  completionPrefix: 'CCW1  RD',
  completionItem: 'RDDATA',
  /** j. the rest of the line, naming a symbol that does not exist; Problems must show this text */
  brokenRest: 'DATA,NOWHERE,SLI,80',
  problemText: 'NOWHERE',
  /** k. the palette command that lists walkthroughs, our walkthrough's title, and step titles it must show */
  walkthroughCommand: 'Welcome: Open Walkthrough',
  walkthroughTitle: 'Debug a channel program',
  walkthroughSteps: ['Write a channel program', 'Start debugging', 'Step CCW by CCW'],
  /** l. the palette command that shows the Test Explorer */
  testExplorerCommand: 'Testing: Focus on Test Explorer View',
  /** the palette command that opens the DASD Inspector in the editor area (README screenshot) */
  dasdInEditorCommand: 'CCW Panels: Open DASD Inspector in Editor',
};

const TIMEOUT = {
  workbench: 90_000, // first page load of code-server (cold caches on 2 cores)
  start: 45_000, // F5 until stopped on entry (activation + session start)
  step: 20_000,
  view: 20_000,
  end: 30_000,
};

const URL = process.env.CCW_E2E_URL;
const USER_DATA = process.env.CCW_E2E_USER_DATA; // code-server's --user-data-dir (its logs tell when the extension host is up)
const OUT = process.env.CCW_E2E_OUT || path.resolve('test-results/e2e');
const PROFILE = process.env.CCW_E2E_BROWSER_PROFILE || fs.mkdtempSync('/tmp/ccw-e2e-browser-');
const CHROMIUM = process.env.CCW_E2E_CHROMIUM || '/usr/bin/chromium';
if (!URL) {
  console.error('CCW_E2E_URL is not set: run this through test/e2e/run.sh');
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
let shotNo = 0;

async function shot(page, name) {
  shotNo += 1;
  const file = path.join(OUT, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((e) => console.error(`  (screenshot ${file} failed: ${e.message})`));
  return file;
}

/** Poll `probe` until it returns a truthy value; otherwise throw "timed out ... waiting for WHAT". */
async function waitFor(what, timeout, probe, interval = 150) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const seen = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}${seen}`);
    }
    await sleep(interval);
  }
}

const visible = (loc) => loc.first().isVisible().catch(() => false);

/** In-page: every rendered row of the list/tree under `rootSel`, as {index, words, text, aria, expanded, scope}. */
async function renderedRows(page, rootSel) {
  return page.evaluate((sel) => {
    const out = [];
    for (const root of document.querySelectorAll(sel)) {
      for (const row of root.querySelectorAll('.monaco-list-row')) {
        const parts = [];
        const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const t = n.textContent.replace(/\u00a0/g, ' ').trim();
          if (t) parts.push(t);
        }
        out.push({
          index: Number(row.getAttribute('data-index') ?? out.length),
          words: parts.join(' ').replace(/\s+/g, ' '),
          text: row.textContent.replace(/\u00a0/g, ' '),
          aria: row.getAttribute('aria-label') || '',
          expanded: row.getAttribute('aria-expanded'),
          scope: row.querySelector('.scope')?.textContent?.trim() ?? null,
        });
      }
    }
    return out;
  }, rootSel);
}

/** All rows of a virtualised list: scroll it from the top to the bottom, collecting rows. */
async function allRows(page, rootSel) {
  const list = page.locator(`${rootSel} .monaco-list`).first();
  if (!(await visible(list))) return renderedRows(page, rootSel);
  const byIndex = new Map();
  const box = await list.boundingBox();
  if (!box) return renderedRows(page, rootSel);
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 20));
  await page.mouse.wheel(0, -100_000);
  await sleep(100);
  for (let i = 0; i < 30; i++) {
    const before = byIndex.size;
    for (const r of await renderedRows(page, rootSel)) byIndex.set(r.index, r);
    if (i > 0 && byIndex.size === before) break;
    await page.mouse.wheel(0, Math.max(60, box.height * 0.8));
    await sleep(120);
  }
  await page.mouse.wheel(0, -100_000);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The line the debugger shows as current (top stack frame): {line, text} or null. */
async function currentLine(page) {
  return page.evaluate(() => {
    for (const deco of document.querySelectorAll('.monaco-editor .debug-top-stack-frame-line')) {
      const r = deco.getBoundingClientRect();
      if (r.height === 0) continue;
      const y = r.top + r.height / 2;
      const editor = deco.closest('.monaco-editor');
      const hit = (el) => {
        const b = el.getBoundingClientRect();
        return b.height > 0 && b.top <= y && y < b.bottom;
      };
      const lineEl = [...editor.querySelectorAll('.view-lines .view-line')].find(hit);
      const numEl = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(hit);
      return {
        line: numEl ? Number(numEl.textContent.trim()) : null,
        text: lineEl ? lineEl.textContent.replace(/\u00a0/g, ' ').replace(/[\u200b-\u200f\u2060\ufeff\ue000-\uf8ff]/g, '') /* zero-width and codicon glyphs the editor inlines */ : '',
      };
    }
    return null;
  });
}

async function debugState(page) {
  const toolbar = await visible(page.locator('.debug-toolbar'));
  const paused = toolbar && (await visible(page.locator('.debug-toolbar .codicon-debug-continue')));
  return { toolbar, paused };
}

/** Everything useful to understand a failure, as text. */
async function describeScreen(page) {
  const lines = [];
  const add = (title, items) => {
    lines.push(`--- ${title}:`);
    if (!items || items.length === 0) lines.push('    (none)');
    else for (const i of items) lines.push(`    ${i}`);
  };
  try {
    const st = await debugState(page);
    add('debug toolbar', [st.toolbar ? (st.paused ? 'visible, paused' : 'visible, running') : 'hidden']);
    const cur = await currentLine(page);
    add('current line (top stack frame)', cur ? [`${cur.line}: ${cur.text}`] : []);
    add(
      'pane headers',
      await page.$$eval('.pane-header', (els) =>
        els.map((e) => `${e.getAttribute('aria-label')} [expanded=${e.getAttribute('aria-expanded')}]`),
      ),
    );
    add('call stack rows', (await renderedRows(page, '.debug-call-stack')).map((r) => r.words));
    add('variables rows', (await renderedRows(page, '.debug-variables')).map((r) => `${r.words}  [expanded=${r.expanded}]`));
    const regions = await regionsPaneBodySelector(page);
    if (regions) add(`${EXPECT.regionsView} rows`, (await renderedRows(page, regions)).map((r) => r.words));
    add(
      'notifications',
      await page.$$eval('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', (els) =>
        els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
      ),
    );
    add(
      'quick input',
      await page.$$eval('.quick-input-widget', (els) =>
        els.filter((e) => e.style.display !== 'none').map((e) => e.textContent.replace(/\s+/g, ' ').trim().slice(0, 500)),
      ),
    );
    add(
      'editor tabs',
      await page.$$eval('.tabs-container .tab', (els) => els.map((e) => e.getAttribute('aria-label'))),
    );
    add(
      'status bar',
      await page.$$eval('.statusbar-item', (els) =>
        els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean),
      ),
    );
  } catch (e) {
    lines.push(`(could not read the screen: ${e.message})`);
  }
  return lines.join('\n');
}

async function regionsPaneBodySelector(page) {
  const found = await page.evaluate((title) => {
    const h = [...document.querySelectorAll('.pane-header')].find((e) =>
      (e.getAttribute('aria-label') || '').startsWith(title),
    );
    if (!h) return null;
    const pane = h.closest('.pane');
    if (!pane) return null;
    pane.setAttribute('data-ccw-e2e', 'regions');
    return true;
  }, EXPECT.regionsView);
  return found ? '.pane[data-ccw-e2e="regions"] .pane-body' : null;
}

const matchesAll = (res, text) => res.every((re) => re.test(text));

/** Extension-host log files under code-server's user data dir. */
function extHostLogs() {
  if (!USER_DATA) return [];
  const found = [];
  const walk = (dir, depth) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 4) walk(p, depth + 1);
      else if (/exthost\.log$/i.test(e.name)) found.push(p);
    }
  };
  walk(path.join(USER_DATA, 'logs'), 0);
  return found;
}
const extHostLogsBefore = new Set(extHostLogs());

/**
 * F5 is bound to "debug.openView" until the extension host has registered its debug types
 * (context key debuggersAvailable), so pressing it too early only opens the Run and Debug view.
 * The workbench looks ready well before that; the extension host's log says when it is.
 */
async function waitForExtensionHost() {
  if (!USER_DATA) return;
  try {
    await waitFor('the extension host to start ("Eager extensions activated" in its log)', TIMEOUT.workbench, async () =>
      extHostLogs()
        .filter((f) => !extHostLogsBefore.has(f))
        .some((f) => fs.readFileSync(f, 'utf8').includes('Eager extensions activated')),
    250);
  } catch (e) {
    console.log(`    warning: ${e.message}; pressing F5 anyway`);
  }
}

const runAndDebugVisible = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.part.sidebar .composite.title h2')].some((h) =>
      /run and debug/i.test(h.textContent ?? ''),
    ),
  );

async function waitForStop(page, what, res, timeout) {
  return waitFor(what, timeout, async () => {
    await failOnPicker(page);
    const st = await debugState(page);
    if (!st.paused) return null;
    const cur = await currentLine(page);
    return cur && matchesAll(res, cur.text) ? cur : null;
  });
}

/** F5 must not open a debugger picker: the extension resolves the configuration itself. */
async function failOnPicker(page) {
  const qi = page.locator('.quick-input-widget');
  if (await visible(qi)) {
    const text = (await qi.first().textContent())?.replace(/\s+/g, ' ').trim();
    throw new Error(`a quick pick opened instead of a ccw session (no DebugConfigurationProvider/languages match?): "${text}"`);
  }
}

// ---- README screenshots (media/screenshots/, issue: "the screenshots the scenarios take are the
// ones the README shows"). Before each one the workbench is arranged so its subject fills the shot:
// the side bar widened by dragging its sash, the views not relevant to the shot collapsed. They go
// to OUT as readme-NAME.png; copy them to media/screenshots/ (see test/e2e/README.md).

const README_SIDEBAR = 800; // px: the side bar's width for the README shots
let sidebarWidthBefore = null;

/** The primary side bar's box and the sash on its right edge, or null when it is hidden. */
async function sidebarSash(page) {
  return page.evaluate(() => {
    const sb = document.querySelector('.part.sidebar');
    if (!sb) return null;
    const r = sb.getBoundingClientRect();
    if (r.width === 0) return null;
    const s = [...document.querySelectorAll('.monaco-sash.vertical')]
      .map((e) => e.getBoundingClientRect())
      .find((b) => b.height > r.height / 2 && Math.abs(b.left + b.width / 2 - r.right) < 8);
    return s ? { x: s.left + s.width / 2, y: r.top + r.height / 2, left: r.left, right: r.right, width: r.width } : null;
  });
}

/** Drags the side bar's sash until the side bar is about `width` px wide. */
async function setSidebarWidth(page, width) {
  for (let i = 0; i < 2; i++) {
    const s = await sidebarSash(page);
    if (!s) throw new Error('no sash on the side bar\'s right edge (is the side bar visible?)');
    if (Math.abs(s.width - width) < 12) return s.width;
    await page.mouse.move(s.x, s.y);
    await page.mouse.down();
    await page.mouse.move(s.x + (s.left + width - s.right) / 2, s.y, { steps: 4 });
    await page.mouse.move(s.left + width, s.y, { steps: 4 });
    await page.mouse.up();
    await sleep(300);
  }
  return (await sidebarSash(page))?.width ?? 0;
}

/** Widens the side bar and leaves expanded only the side-bar views whose title starts with one of `keep`. */
async function arrangeFor(page, keep) {
  if (sidebarWidthBefore === null) sidebarWidthBefore = (await sidebarSash(page))?.width ?? null;
  await setSidebarWidth(page, README_SIDEBAR);
  const headers = await page.$$eval('.part.sidebar .pane-header', (els) =>
    els.map((e) => ({ label: e.getAttribute('aria-label') || '', expanded: e.getAttribute('aria-expanded') === 'true' })));
  for (const h of headers) {
    if (!h.label) continue;
    const want = keep.some((k) => h.label.startsWith(k));
    if (want !== h.expanded) await page.locator(`.part.sidebar .pane-header[aria-label=${JSON.stringify(h.label)}]`).first().click();
  }
  await sleep(400);
}

/** Back to the side bar width the scenario had before the README shots. */
async function restoreSidebar(page) {
  if (sidebarWidthBefore) await setSidebarWidth(page, sidebarWidthBefore);
}

/** Hides the side bar and the panel (Ctrl+B, Ctrl+J); returns the keys that show them again. */
async function hideSidebarAndPanel(page) {
  const pressed = [];
  for (const [part, key] of [['.part.sidebar', 'Control+B'], ['.part.panel', 'Control+J']]) {
    if (!(await visible(page.locator(part)))) continue;
    await page.keyboard.press(key);
    await sleep(400);
    if (await visible(page.locator(part))) console.log(`    warning: ${key} did not hide ${part} for a README shot`);
    else pressed.push(key);
  }
  return pressed;
}

/** A README screenshot: the whole window, (`sidebar: true`) the activity bar and the side bar, or (`editor: true`) the editor area. */
async function readmeShot(page, name, { sidebar = false, editor = false } = {}) {
  await page.mouse.move(1, 600); // the empty part of the activity bar: no hover, no tooltip
  await sleep(500);
  let clip;
  if (sidebar) {
    const s = await sidebarSash(page);
    // from below the side bar's title (the floating debug toolbar covers its right end) to the bottom
    const top = await page.evaluate(() => document.querySelector('.part.sidebar .composite.title')?.getBoundingClientRect().bottom ?? 0);
    if (s) clip = { x: 0, y: Math.round(top), width: Math.round(s.right + 2), height: (page.viewportSize()?.height ?? 1000) - Math.round(top) };
  }
  if (editor) {
    const b = await page.locator('.part.editor').first().boundingBox();
    if (b) clip = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
  }
  const file = path.join(OUT, `readme-${name}.png`);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) }).catch((e) => console.error(`  (screenshot ${file} failed: ${e.message})`));
  return file;
}

// ---------------------------------------------------------------------------------------------
// The scenario

const steps = [];
function step(title, fn) {
  steps.push({ title, fn });
}

step('a. open the workspace and the .ccw file', async (page) => {
  await page.goto(URL);
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${EXPECT.file}"]`);
  await row.waitFor({ state: 'visible', timeout: TIMEOUT.workbench });
  await shot(page, 'workbench');
  await row.click();
  const editorLines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
  await waitFor(`the editor of ${EXPECT.file} showing a line that matches ${EXPECT.entryLine}`, TIMEOUT.view, async () =>
    matchesAll(EXPECT.entryLine, ((await editorLines.first().textContent()) ?? '').replace(/\u00a0/g, ' ')),
  );
  const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
  await waitFor(`the status bar language mode to match ${EXPECT.languageMode} (is the ccw language contributed?)`, TIMEOUT.view, async () =>
    EXPECT.languageMode.test((await mode.first().textContent()) ?? ''),
  );
  // focus the editor, so F5 debugs the active .ccw editor
  await editorLines.first().click({ position: { x: 200, y: 5 } });
  await shot(page, 'file-open');
});

step('b. F5 with no launch.json stops on entry at SSCH', async (page) => {
  await waitForExtensionHost();
  const sidebarWasDebug = await runAndDebugVisible(page);
  await page.keyboard.press('F5');
  // Safety net for the race above: F5 only opened the Run and Debug view and no session came.
  for (let retry = 1; retry <= 3 && !sidebarWasDebug; retry++) {
    await sleep(3000);
    if ((await debugState(page)).toolbar || !(await runAndDebugVisible(page))) break;
    if (await visible(page.locator('.quick-input-widget'))) break;
    console.log(`    F5 opened the Run and Debug view but started no session: pressing F5 again (${retry}/3)`);
    await page.keyboard.press('Control+Shift+E'); // back to the Explorer, as before
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 200, y: 5 } });
    await page.keyboard.press('F5');
  }
  let cur;
  try {
    cur = await waitForStop(page, `a stop on entry on a line matching ${EXPECT.entryLine}`, EXPECT.entryLine, TIMEOUT.start);
  } catch (e) {
    if (!(await debugState(page)).toolbar) {
      e.message +=
        '. No debug session is running: F5 without launch.json starts one only when the extension contributes' +
        ' the `ccw` language and a debugger with "languages": ["ccw"], and its DebugConfigurationProvider' +
        ' fills an empty configuration (type/request/name missing) from the active .ccw editor';
    }
    throw e;
  }
  console.log(`    stopped on entry at line ${cur.line}: ${cur.text.trim()}`);
  await shot(page, 'stopped-on-entry');
});

step('c. F11 (Step Into) stops at the first CCW on the subchannel thread', async (page) => {
  await page.keyboard.press('F11');
  const cur = await waitForStop(page, `a stop on a line matching ${EXPECT.firstCcwLine.join(' and ')}`, EXPECT.firstCcwLine, TIMEOUT.step);
  console.log(`    stopped at line ${cur.line}: ${cur.text.trim()}`);
  const rows = await waitFor(`a Call Stack row containing "${EXPECT.subchannelThread}"`, TIMEOUT.view, async () => {
    const r = await allRows(page, '.debug-call-stack');
    return r.some((x) => x.words.includes(EXPECT.subchannelThread)) ? r : null;
  });
  console.log(`    call stack: ${rows.map((r) => r.words).join(' | ')}`);
  await shot(page, 'step-into-first-ccw');
});

step('d. F10 (Step Over) stops at the next CCW', async (page) => {
  await page.keyboard.press('F10');
  const cur = await waitForStop(page, `a stop on a line matching ${EXPECT.nextCcwLine.join(' and ')}`, EXPECT.nextCcwLine, TIMEOUT.step);
  console.log(`    stopped at line ${cur.line}: ${cur.text.trim()}`);
  await shot(page, 'step-over-next-ccw');
});

step('e. Variables show the CCW scope with the command and a status scope', async (page) => {
  const V = '.debug-variables';
  const scopeNames = await waitFor(`a scope "${EXPECT.ccwScope}" in the Variables view`, TIMEOUT.view, async () => {
    const names = (await allRows(page, V)).filter((r) => r.scope !== null).map((r) => r.scope);
    return names.includes(EXPECT.ccwScope) ? names : null;
  });
  console.log(`    scopes: ${scopeNames.join(', ')}`);
  const status = EXPECT.statusScopes.find((s) => scopeNames.includes(s));
  if (!status) throw new Error(`no scope named ${EXPECT.statusScopes.join(' or ')} among: ${scopeNames.join(', ')}`);
  const hasCommand = async () => (await allRows(page, V)).find((r) => r.scope === null && r.words.includes(EXPECT.ccwCommand));
  if (!(await hasCommand())) {
    const scopeRow = page.locator(`${V} .monaco-list-row`).filter({ has: page.locator('.scope', { hasText: EXPECT.ccwScope }) });
    const target = scopeRow.filter({ has: page.locator(`.scope:text-is("${EXPECT.ccwScope}")`) }).first();
    if ((await target.getAttribute('aria-expanded')) === 'false') await target.click();
  }
  const row = await waitFor(`a row of the ${EXPECT.ccwScope} scope showing ${EXPECT.ccwCommand}`, TIMEOUT.view, hasCommand);
  console.log(`    ${EXPECT.ccwScope}: ${row.words}`);
  await shot(page, 'variables');
  // README: the CCW decoded in a wide Variables view beside the line it stopped on
  await arrangeFor(page, ['Variables']);
  await waitFor(`the ${EXPECT.ccwCommand} row after widening the side bar`, TIMEOUT.view, hasCommand);
  await readmeShot(page, 'step-ccw');
});

step(`f. the "${EXPECT.regionsView}" view shows the vfio-ccw regions`, async (page) => {
  const header = page.locator(`.pane-header[aria-label^="${EXPECT.regionsView}"]`).first();
  try {
    await header.waitFor({ state: 'attached', timeout: TIMEOUT.view });
  } catch {
    throw new Error(`no pane header whose aria-label starts with "${EXPECT.regionsView}" in the Run and Debug view`);
  }
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await waitFor(`the ${EXPECT.regionsView} pane to expand`, TIMEOUT.view, async () => (await header.getAttribute('aria-expanded')) === 'true');
  const body = await regionsPaneBodySelector(page);
  const firstWord = (r) => r.words.split(' ')[0];
  const rows = await waitFor(`rows ${EXPECT.regionRows.join(', ')} in ${EXPECT.regionsView}`, TIMEOUT.view, async () => {
    let r = await allRows(page, body);
    // expand collapsed nodes (regions may be grouped) until the expected rows show, a few levels deep
    for (let i = 0; i < 8 && !EXPECT.regionRows.every((n) => r.some((x) => firstWord(x) === n)); i++) {
      const collapsed = page.locator(`${body} .monaco-list-row[aria-expanded="false"]`).first();
      if (!(await visible(collapsed))) break;
      await collapsed.click();
      await sleep(200);
      r = await allRows(page, body);
    }
    return EXPECT.regionRows.every((n) => r.some((x) => firstWord(x) === n)) ? r : null;
  });
  console.log(`    rows: ${rows.map((r) => r.words).join(' | ')}`);
  const ret = rows.find((r) => firstWord(r) === 'ret_code');
  if (!EXPECT.retCode.test(ret.words)) throw new Error(`ret_code row reads "${ret.words}", expected ${EXPECT.retCode}`);
  await shot(page, 'ccw-regions');
});

// ---- the panels (issue 8): each checked against the values of the stop -------------------

/** Expands the pane titled `title` (collapsing `collapse` first, so both fit) and returns its body selector. */
async function openPane(page, title, collapse) {
  for (const c of [collapse ?? []].flat()) {
    const other = page.locator(`.pane-header[aria-label^="${c}"]`).first();
    if ((await other.getAttribute('aria-expanded').catch(() => null)) === 'true') await other.click();
  }
  const header = page.locator(`.pane-header[aria-label^="${title}"]`).first();
  await header.waitFor({ state: 'attached', timeout: TIMEOUT.view });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await waitFor(`the ${title} pane to expand`, TIMEOUT.view, async () => (await header.getAttribute('aria-expanded')) === 'true');
  const tag = title.replace(/\W+/g, '-').toLowerCase();
  await page.evaluate(([t, tag]) => {
    const h = [...document.querySelectorAll('.pane-header')].find((e) => (e.getAttribute('aria-label') || '').startsWith(t));
    h?.closest('.pane')?.setAttribute('data-ccw-e2e', tag);
  }, [title, tag]);
  return `.pane[data-ccw-e2e="${tag}"] .pane-body`;
}

/** Rows of a tree pane, expanding collapsed rows until `want(rows)` holds. */
async function treeRowsUntil(page, body, what, want) {
  return waitFor(what, TIMEOUT.view, async () => {
    let r = await allRows(page, body);
    for (let i = 0; i < 12 && !want(r); i++) {
      const collapsed = page.locator(`${body} .monaco-list-row[aria-expanded="false"]`).first();
      if (!(await visible(collapsed))) break;
      await collapsed.click();
      await sleep(200);
      r = await allRows(page, body);
    }
    return want(r) ? r : null;
  });
}

/** The text of the webview whose document contains `marker` (webviews are nested iframes). */
async function webviewFrame(page, marker) {
  return waitFor(`a webview showing "${marker}"`, TIMEOUT.view, async () => {
    for (const f of page.frames()) {
      const t = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (t.includes(marker)) return f;
    }
    return null;
  });
}

step('f2. Subchannels: PMCW, SCSW and paths of 0190; after F10 the changed SCSW fields are marked', async (page) => {
  // Room for the panels: the Call Stack stays (the scenario reads it), the other debug views fold.
  const body = await openPane(page, 'Subchannels', [EXPECT.regionsView, 'Variables', 'Watch', 'Breakpoints']);
  const rows = await treeRowsUntil(page, body, 'pmcw, scsw and the CHPID 01 path in Subchannels', (r) =>
    ['pmcw', 'scsw', 'paths'].every((n) => r.some((x) => x.words.startsWith(n))) && r.some((x) => /CHPID 01/.test(x.words)));
  console.log(`    subchannels: ${rows.slice(0, 6).map((r) => r.words).join(' | ')}`);
  if (!rows.some((r) => /0\.0\.0190|device 0190/.test(r.words))) throw new Error('no subchannel row for device 0190');
  const before = await currentLine(page);
  await page.keyboard.press('F10');
  await waitForStop(page, 'the Read Data CCW after F10', [/\bRDDATA\b/i], TIMEOUT.step);
  // The host subchannel's SCSW CCW address moved on with the CCW: that row is marked "Δ" until the next stop.
  const marked = await treeRowsUntil(page, body, 'a row marked Δ (changed since the previous stop)', (r) => r.some((x) => x.words.includes('Δ')));
  console.log(`    changed after F10 from line ${before?.line}: ${marked.filter((r) => r.words.includes('Δ')).map((r) => r.words).join(' | ')}`);
  await shot(page, 'subchannels-changed');
});

step('f3. DASD Inspector: head, extent and the record browser (R3 of cylinder 0 head 0 is VOL1)', async (page) => {
  await openPane(page, 'DASD Inspector', 'Subchannels');
  const frame = await webviewFrame(page, 'Records');
  const text = await frame.evaluate(() => document.body.innerText);
  for (const want of ['0190 3390-3', 'cylinder 0 head 0 to cylinder 0 head 14', 'geometry']) if (!text.includes(want)) throw new Error(`DASD Inspector does not show "${want}":\n${text.slice(0, 600)}`);
  await frame.fill('#cyl', '0');
  await frame.fill('#head', '0');
  await frame.press('#head', 'Enter');
  const records = await waitFor('the records of cylinder 0 head 0', TIMEOUT.view, async () => {
    const t = await frame.evaluate(() => document.getElementById('records')?.innerText ?? '');
    return /R3\b[\s\S]*VOL1/.test(t) ? t : null;
  });
  console.log(`    records: ${records.split('\n').filter((l) => /^R\d/.test(l)).join(' | ')}`);
  // keyboard: the first record takes focus, ArrowDown moves to the next
  await frame.focus('#records .record');
  await frame.press('#records .record', 'ArrowDown');
  await shot(page, 'dasd-inspector');
  // README: the same inspector opened in the editor area, side bar and panel hidden
  await page.locator('.editor-group-container.active .monaco-editor').first().click({ position: { x: 400, y: 40 } });
  await runFromPalette(page, EXPECT.dasdInEditorCommand);
  const tab = page.locator('.tabs-container .tab', { hasText: 'DASD Inspector' }).first();
  await tab.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  await waitFor('the DASD Inspector in the editor showing VOL1 too', TIMEOUT.view, async () => {
    let n = 0;
    for (const f of page.frames()) if (/VOL1/.test(await f.evaluate(() => document.getElementById('records')?.innerText ?? '').catch(() => ''))) n++;
    return n >= 2;
  });
  const hidden = await hideSidebarAndPanel(page);
  for (const f of page.frames()) {
    // the editor's inspector (the one scrolled to the top): from the volume picture down to the records
    await f.evaluate(() => {
      const c = document.querySelector('canvas');
      if (!c || document.scrollingElement?.scrollTop) return;
      const h = c.previousElementSibling?.tagName?.match(/^H\d$/) ? c.previousElementSibling : c;
      h.scrollIntoView({ block: 'start' });
    }).catch(() => {});
  }
  await readmeShot(page, 'dasd-inspector', { editor: true });
  for (const key of hidden) await page.keyboard.press(key);
  await sleep(300);
  await tab.locator('.tab-actions .action-label').first().click({ force: true, timeout: TIMEOUT.view });
  await tab.waitFor({ state: 'detached', timeout: TIMEOUT.view });
});

step('f4. IRB History: after the interruption, one IRB with intparm X\'00C0FFEE\' and CE+DE', async (page) => {
  const body = await openPane(page, 'IRB History', 'DASD Inspector');
  for (let i = 0; i < 3; i++) {
    const rows = await allRows(page, body);
    if (rows.some((r) => /^#1\b/.test(r.words))) break;
    const before = await currentLine(page);
    await page.keyboard.press('F10');
    await waitFor('a new stop after F10', TIMEOUT.step, async () => {
      const st = await debugState(page);
      const cur = await currentLine(page);
      return st.paused && cur && (!before || cur.line !== before.line || cur.text !== before.text);
    }).catch(() => null);
  }
  const rows = await waitFor('IRB #1 in IRB History', TIMEOUT.view, async () => {
    const r = await allRows(page, body);
    return r.some((x) => /^#1 0190/.test(x.words)) ? r : null;
  });
  const irb = rows.find((r) => /^#1 0190/.test(r.words));
  console.log(`    ${irb.words}`);
  if (!/00C0FFEE/.test(irb.words) || !/CE\+DE/.test(irb.words)) throw new Error(`IRB #1 reads "${irb.words}": expected intparm X'00C0FFEE' and CE+DE`);
  // selecting it reveals the CCW its SCSW points after (the Read Data line); then show its SCSW
  await page.locator(`${body} .monaco-list-row`).first().click();
  await sleep(300);
  await page.keyboard.press('ArrowRight');
  await sleep(300);
  await shot(page, 'irb-history');
  // README: IRB History alone in a wide side bar, the IRB's SCSW expanded into its fields
  await arrangeFor(page, ['IRB History']);
  const scsw = (await renderedRows(page, body)).find((r) => /^SCSW\b/.test(r.words));
  if (scsw && scsw.expanded === 'false') {
    await page.locator(`${body} .monaco-list-row[data-index="${scsw.index}"]`).first().click();
    await sleep(500);
  }
  await readmeShot(page, 'irb-history', { sidebar: true });
  const progBody = await openPane(page, 'Channel Program', 'IRB History');
  const prog = await treeRowsUntil(page, progBody, 'the guest program beside its translation', (r) => r.some((x) => /host [0-9A-F]{8}/.test(x.words)));
  console.log(`    channel program: ${prog.slice(0, 4).map((r) => r.words).join(' | ')}`);
  await shot(page, 'channel-program');
  // README: the guest program beside its translation, alone in a wide side bar
  await arrangeFor(page, ['Channel Program']);
  await readmeShot(page, 'channel-program', { sidebar: true });
  await openPane(page, 'Guest Storage', 'Channel Program');
  const storage = await webviewFrame(page, 'EBCDIC');
  await storage.fill('input[aria-label="address or label"]', 'LABEL');
  await storage.press('input[aria-label="address or label"]', 'Enter');
  await waitFor('LABEL with the VOL1 record in Guest Storage', TIMEOUT.view, async () => /LABEL/.test(await storage.evaluate(() => document.body.innerText)) && /VOL1/.test(await storage.evaluate(() => document.body.innerText)));
  await shot(page, 'guest-storage');
  const regions = await openPane(page, EXPECT.regionsView, 'Guest Storage');
  // README: the vfio-ccw regions after the interruption, alone in a wide side bar; the fields the
  // interruption changed are expanded and marked Δ
  await arrangeFor(page, [EXPECT.regionsView]);
  for (const name of ['irb_area', 'scsw']) {
    // the interruption changed the IRB's SCSW: open it down to its fields
    const r = (await renderedRows(page, regions)).find((x) => x.words.split(' ')[0] === name);
    if (r && r.expanded === 'false') {
      await page.locator(`${regions} .monaco-list-row[data-index="${r.index}"]`).first().click();
      await sleep(400);
    }
  }
  // The tree opens changed nodes by itself (the ESW, below the SCSW): fold it, then move the
  // focus (the SCSW row we clicked last) to the top so the shot starts at the io region.
  const esw = (await renderedRows(page, regions)).find((x) => x.words.split(' ')[0] === 'esw');
  if (esw && esw.expanded === 'true') {
    await page.locator(`${regions} .monaco-list-row[data-index="${esw.index}"]`).first().click();
    await sleep(400);
  }
  await page.keyboard.press('Home');
  await sleep(400);
  const marked = await waitFor(`a row marked Δ in ${EXPECT.regionsView}`, 5000, async () => {
    const m = (await allRows(page, regions)).filter((r) => r.words.includes('Δ'));
    return m.length ? m : null;
  }).catch(() => []);
  console.log(`    ${EXPECT.regionsView} changed: ${marked.map((r) => r.words).join(' | ') || '(none marked)'}`);
  await readmeShot(page, 'ccw-regions', { sidebar: true });
  await restoreSidebar(page);
});

step('g. Continue to the end, then Shift+F5 stops the session', async (page) => {
  let outcome = null;
  for (let press = 1; press <= 10 && !outcome; press++) {
    const before = await currentLine(page);
    await page.keyboard.press('F5');
    outcome = await waitFor('the session to end, or to pause again after Continue', TIMEOUT.end, async () => {
      const st = await debugState(page);
      if (!st.toolbar) return 'ended';
      if (!st.paused) return null;
      const cur = await currentLine(page);
      if (!cur) return null;
      if (EXPECT.endLine.test(cur.text)) return `paused at END (line ${cur.line})`;
      // paused elsewhere (a breakpoint or a stop the program makes): wait until it is a new stop
      if (before && cur.line === before.line && cur.text === before.text) return null;
      console.log(`    Continue #${press} paused at line ${cur.line}: ${JSON.stringify(cur.text)}, continuing`);
      return 'again';
    });
    if (outcome === 'again') outcome = null;
  }
  if (!outcome) throw new Error('ten Continues neither ended the session nor reached END');
  console.log(`    after Continue: ${outcome}`);
  await shot(page, 'after-continue');
  if ((await debugState(page)).toolbar) {
    await page.keyboard.press('Shift+F5');
    await waitFor('the debug toolbar to disappear after Shift+F5', TIMEOUT.end, async () => !(await debugState(page)).toolbar);
  }
  await shot(page, 'session-stopped');
});

// ---- editor features (issue 3). After the debug steps: they edit the file, and starting a
// debug session saves dirty editors (debug.saveBeforeStart).

/** Clicks into the editor of the scenario's file and moves the cursor to a 1-based line. */
async function goToLine(page, line) {
  // the editor itself, not its lines: after the session it may be scrolled to an empty last line
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.click({ position: { x: 400, y: 40 } });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await sleep(200);
}

/** 1-based number of the first line of the workspace copy of the file that matches `re`. */
function lineOf(re) {
  const ws = process.env.CCW_E2E_WORKSPACE;
  const text = fs.readFileSync(path.join(ws, process.env.CCW_E2E_FILE || EXPECT.file), 'utf8');
  const i = text.split(/\r?\n/).findIndex((l) => (typeof re === 'string' ? l.includes(re) : re.test(l)));
  if (i < 0) throw new Error(`no line of ${EXPECT.file} matches ${re}`);
  return i + 1;
}

const hoverWidget = (page) => page.locator('.monaco-hover .hover-contents, .monaco-hover .monaco-hover-content');

step('h. hovering a CCW shows it decoded (command for the device, flags, data area)', async (page) => {
  await goToLine(page, lineOf(EXPECT.hoverLine));
  const line = page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: EXPECT.hoverLine }).first();
  await line.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  const word = line.locator('span > span', { hasText: new RegExp(`^${EXPECT.hoverWord}$`) }).first();
  const box = await word.boundingBox();
  if (!box) throw new Error(`the word ${EXPECT.hoverWord} is not on screen in the line with ${EXPECT.hoverLine}`);
  const text = await waitFor(`a hover matching ${EXPECT.hoverText.join(', ')}`, TIMEOUT.view, async () => {
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
    await sleep(150);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const t = ((await hoverWidget(page).allTextContents()) ?? []).join(' ').replace(/\s+/g, ' ');
    return matchesAll(EXPECT.hoverText, t) ? t : null;
  }, 600);
  console.log(`    hover: ${text.slice(0, 200)}`);
  await shot(page, 'hover-ccw');
  await page.mouse.move(5, 500);
});

step('i. typing an operand offers the copybook command names', async (page) => {
  await goToLine(page, lineOf(EXPECT.typeAfter));
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  // Enter after a statement without a label keeps its indentation: the operation column
  await page.keyboard.type(EXPECT.completionPrefix, { delay: 40 });
  const suggest = page.locator('.editor-widget.suggest-widget.visible');
  const rows = await waitFor(`the suggest widget offering ${EXPECT.completionItem}`, TIMEOUT.view, async () => {
    if (!(await visible(suggest))) {
      await page.keyboard.press('Control+Space');
      await sleep(400);
    }
    const labels = await page.$$eval('.editor-widget.suggest-widget.visible .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
    return labels.some((l) => l.includes(EXPECT.completionItem)) ? labels : null;
  }, 500);
  console.log(`    suggestions: ${rows.slice(0, 6).map((r) => r.split(',')[0]).join(' | ')}`);
  await shot(page, 'completion');
  await page.keyboard.press('Escape');
});

step('j. a broken line shows up in the Problems panel as you type', async (page) => {
  await page.keyboard.type(EXPECT.brokenRest, { delay: 20 });
  await page.keyboard.press('Escape');
  await waitFor('an error squiggle in the editor', TIMEOUT.view, async () => visible(page.locator('.monaco-editor .squiggly-error')));
  await page.keyboard.press('Control+Shift+M');
  const problem = await waitFor(`a row mentioning ${EXPECT.problemText} in the Problems panel`, TIMEOUT.view, async () => {
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ')));
    return rows.find((r) => r.includes(EXPECT.problemText)) ?? null;
  });
  console.log(`    problem: ${problem.slice(0, 200)}`);
  await shot(page, 'problems');
});

// ---- walkthrough and Test Explorer (issue 8). Last: they only read what the steps above left.

/** Runs a command from the palette: F1, type, click the row whose aria-label starts with `label`. */
async function runFromPalette(page, label) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  await input.fill(`>${label}`);
  const row = page.locator(`.quick-input-widget .monaco-list-row[aria-label^="${label}"]`).first();
  await row.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  await row.click();
}

step('k. the walkthrough "Debug a channel program" opens with its steps', async (page) => {
  await runFromPalette(page, EXPECT.walkthroughCommand);
  const pick = page.locator(`.quick-input-widget .monaco-list-row[aria-label*="${EXPECT.walkthroughTitle}"]`).first();
  await pick.waitFor({ state: 'visible', timeout: TIMEOUT.view });
  await pick.click();
  const shown = await waitFor(`the walkthrough's steps (${EXPECT.walkthroughSteps.join(', ')})`, TIMEOUT.view, async () => {
    const t = ((await page.locator('.gettingStartedContainer').first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ');
    return EXPECT.walkthroughSteps.every((x) => t.includes(x)) ? t : null;
  });
  console.log(`    walkthrough: ${shown.slice(0, 160)}`);
  await shot(page, 'walkthrough');
  // README: the walkthrough with the whole window: side bar and panel hidden
  await hideSidebarAndPanel(page);
  await readmeShot(page, 'walkthrough');
});

step('l. the Test Explorer lists the file and its EXPECT lines', async (page) => {
  await runFromPalette(page, EXPECT.testExplorerCommand);
  const rows = await waitFor(`a Test Explorer row for ${EXPECT.file}`, TIMEOUT.view, async () => {
    const r = await renderedRows(page, '.test-explorer');
    return r.some((x) => x.words.includes(EXPECT.file)) ? r : null;
  });
  // the row's aria-label is not its file name: find it by its text
  const fileRow = page.locator('.test-explorer .monaco-list-row', { hasText: EXPECT.file }).first();
  if ((await fileRow.getAttribute('aria-expanded', { timeout: TIMEOUT.view })) !== 'true') await fileRow.locator('.monaco-tl-twistie').first().click({ timeout: TIMEOUT.view });
  const expanded = await waitFor('EXPECT rows under the file', TIMEOUT.view, async () => {
    const r = await renderedRows(page, '.test-explorer');
    return r.filter((x) => /EXPECT/.test(x.words)).length >= 1 ? r : null;
  });
  console.log(`    tests: ${expanded.map((r) => r.words).join(' | ').slice(0, 300)}`);
  await shot(page, 'test-explorer');
  void rows;
});

// ---------------------------------------------------------------------------------------------

const context = await chromium.launchPersistentContext(PROFILE, {
  executablePath: CHROMIUM,
  headless: process.env.CCW_E2E_HEADED !== '1',
  viewport: { width: 1600, height: 1000 },
  // on SIGTERM (run.sh's time limit) the handler below takes a last screenshot, then closes
  handleSIGTERM: false,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
const consoleLog = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

let passed = 0;
let failed = 0;
let current = '(before the first step)';
process.once('SIGTERM', async () => {
  // run.sh's `timeout` ends a scenario that hangs: say where, and show the screen
  console.log(`  FAIL interrupted (scenario time limit) during step ${current}`);
  const png = path.join(OUT, 'FAIL-interrupted.png');
  await page.screenshot({ path: png, timeout: 3000 }).catch(() => {});
  const screen = await describeScreen(page);
  fs.writeFileSync(path.join(OUT, 'FAIL-interrupted.txt'), `${current}\n\n${screen}\n`);
  console.log(`       screenshot: ${png}\n       what was on screen:\n${screen.replace(/^/gm, '       ')}`);
  console.log(`e2e: ${passed} passed, 1 failed, ${steps.length - passed - 1} skipped`);
  await context.close().catch(() => {});
  process.exit(124);
});
console.log(`e2e scenario: ${URL}`);
for (const [i, s] of steps.entries()) {
  const st = Date.now();
  current = s.title;
  try {
    await s.fn(page);
    passed += 1;
    console.log(`  ok   ${s.title} (${((Date.now() - st) / 1000).toFixed(1)}s)`);
  } catch (e) {
    failed += 1;
    const slug = s.title.slice(0, 1);
    const png = path.join(OUT, `FAIL-step-${slug}.png`);
    await page.screenshot({ path: png }).catch(() => {});
    const screen = await describeScreen(page);
    fs.writeFileSync(path.join(OUT, `FAIL-step-${slug}.txt`), `${s.title}\n${e.stack}\n\n${screen}\n`);
    console.log(`  FAIL ${s.title} (${((Date.now() - st) / 1000).toFixed(1)}s)`);
    console.log(`       ${e.message}`);
    console.log(`       screenshot: ${png}`);
    console.log(`       what was on screen:\n${screen.replace(/^/gm, '       ')}`);
    const skipped = steps.length - i - 1;
    if (skipped) console.log(`  skipped the ${skipped} step(s) after it`);
    break;
  }
}
await context.close().catch(() => {});
consoleLog.end();
const skipped = steps.length - passed - failed;
console.log(`e2e scenario took ${elapsed()}; screenshots in ${OUT}`);
console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
