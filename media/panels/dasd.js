// DASD Inspector webview: renders the model the extension posts; asks for a track's records.
// No remote content; keyboard: Tab through controls, Enter on a track in the list opens it,
// Up/Down move between records.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  let selected = vscode.getState() || null;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }
  const row = (name, value, changed) => el('tr', {}, el('th', { text: name, scope: 'row' }), el('td', { class: 'mono' + (changed ? ' changed' : ''), text: value + (changed ? '  Δ' : '') }));
  const cssVar = (name) => getComputedStyle(document.body).getPropertyValue(name).trim() || '#888';

  function askTrack(devno, cylinder, head) {
    selected = { devno, cylinder, head };
    vscode.setState(selected);
    vscode.postMessage({ type: 'track', devno, cylinder, head });
  }

  function picture(d) {
    // One cell per cylinder (a row of cells per 64 cylinders): read, written, the head's cylinder.
    const perRow = 64;
    const rows = Math.ceil(d.geometry.cylinders / perRow);
    const canvas = el('canvas', { width: String(perRow * 4), height: String(rows * 4), role: 'img', 'aria-label': `Volume picture: ${d.touched.length} track touches, head at cylinder ${d.position.cylinder}` });
    const g = canvas.getContext('2d');
    g.fillStyle = cssVar('--vscode-editor-inactiveSelectionBackground');
    g.fillRect(0, 0, canvas.width, canvas.height);
    const paint = (cyl, color) => { g.fillStyle = color; g.fillRect((cyl % perRow) * 4, Math.floor(cyl / perRow) * 4, 4, 4); };
    for (const t of d.touched) if (t.kind === 'read') paint(t.cylinder, cssVar('--vscode-charts-blue'));
    for (const t of d.touched) if (t.kind === 'written') paint(t.cylinder, cssVar('--vscode-charts-orange'));
    paint(d.position.cylinder, cssVar('--vscode-charts-red'));
    return canvas;
  }

  function trackBrowser(d, track) {
    const cyl = el('input', { type: 'number', min: '0', max: String(d.geometry.cylinders - 1), value: String(selected && selected.devno === parseInt(d.devno, 16) ? selected.cylinder : d.position.cylinder), 'aria-label': 'cylinder', id: 'cyl' });
    const head = el('input', { type: 'number', min: '0', max: String(d.geometry.heads - 1), value: String(selected && selected.devno === parseInt(d.devno, 16) ? selected.head : d.position.head), 'aria-label': 'head', id: 'head' });
    const go = () => askTrack(parseInt(d.devno, 16), Number(cyl.value), Number(head.value));
    const form = el('form', { onsubmit: (e) => { e.preventDefault(); go(); } }, el('label', { text: 'Cylinder ' }), cyl, el('label', { text: ' head ' }), head, el('button', { type: 'submit', text: 'Show records' }));
    const box = el('section', { 'aria-label': 'record browser' }, el('h2', { text: 'Records' }), form);
    if (track && track.devno === d.devno) {
      if (track.error) box.append(el('p', { class: 'error', text: track.error }));
      else {
        box.append(el('p', { class: 'muted', text: `cylinder ${track.cylinder} head ${track.head}: ${track.records.length} records, home address flag X'${track.haFlag.toString(16).toUpperCase().padStart(2, '0')}'` }));
        const list = el('div', { role: 'list', id: 'records' });
        track.records.forEach((r, i) => {
          const item = el('div', { class: 'record', role: 'listitem', tabindex: i === 0 ? '0' : '-1', 'data-r': String(r.r) },
            el('div', { class: 'mono', text: `R${r.r}  count ${r.count}  (CC ${r.cylinder} HH ${r.head} R ${r.r} KL ${r.kl} DL ${r.dl})` }),
            r.kl ? el('div', { class: 'bytes', text: `key  ${r.keyHex}  '${r.keyText}'` }) : null,
            el('div', { class: 'bytes', text: `data ${r.dataHex.slice(0, 512)}${r.dataHex.length > 512 ? '…' : ''}` }),
            el('div', { class: 'bytes', text: `     '${r.dataText.slice(0, 256)}${r.dataText.length > 256 ? '…' : ''}'` }));
          item.addEventListener('keydown', (e) => {
            const next = e.key === 'ArrowDown' ? item.nextElementSibling : e.key === 'ArrowUp' ? item.previousElementSibling : null;
            if (next) { e.preventDefault(); item.tabIndex = -1; next.tabIndex = 0; next.focus(); }
          });
          list.append(item);
        });
        box.append(list);
      }
    }
    return box;
  }

  function render(msg) {
    root.textContent = '';
    if (!msg.dasd) { root.append(el('p', { class: 'muted', text: 'Stop a ccw debug session to see its DASD.' })); return; }
    if (msg.dasd.length === 0) { root.append(el('p', { class: 'muted', text: 'This program has no 3390.' })); return; }
    const changed = new Set(msg.changed);
    for (const d of msg.dasd) {
      const sec = el('section', { 'aria-label': `DASD ${d.devno}` }, el('h2', { text: `${d.devno} ${d.model} · ${d.controlUnit}` }));
      const t = el('table', { class: 'state' });
      t.append(
        row('volume', `${d.volume}${d.readOnly ? ', read-only' : ''}`),
        row('geometry', `${d.geometry.cylinders} cylinders × ${d.geometry.heads} heads = ${d.geometry.tracks} tracks`),
        row('head', `cylinder ${d.position.cylinder} head ${d.position.head}${d.record ? ` record ${d.record.r}` : ''}`),
        row('orientation', d.orientation),
        row('extent', `${d.extent.begin} to ${d.extent.end}${d.extent.defined ? '' : ' (no Define Extent: whole volume)'}`),
        row('locate record', d.locateRecord || 'no domain open'),
        row('last command', d.lastCommand || '—'),
        row('tracks', `${d.tracksRead} read, ${d.tracksWritten} written`));
      for (const f of d.fileMask) t.append(row(`file mask ${f.name}`, `${f.text}  [${f.bits}]`, changed.has(f.key)));
      sec.append(t);
      sec.append(el('h2', { text: 'Sense' }), el('p', { class: 'mono', text: d.senseHex + (d.senseProblem ? `  — ${d.senseProblem}` : '') }));
      const st = el('table', { class: 'sense' });
      for (const f of d.sense.flatMap((r) => r.children || [r]).filter((f) => f.text !== "X'00'" && f.text !== '0' && !/^X'0+'$/.test(f.text))) st.append(row(f.name, `${f.text}  [${f.bits}]`, changed.has(f.key)));
      if (!st.childElementCount) st.append(row('sense', 'no sense pending (all zeros)'));
      sec.append(st);
      sec.append(el('h2', { text: 'Volume' }), picture(d),
        el('div', { class: 'legend' }, el('span', {}, el('i', { class: 'swatch read' }), 'read'), el('span', {}, el('i', { class: 'swatch written' }), 'written'), el('span', {}, el('i', { class: 'swatch head' }), 'head')));
      const touched = el('ul', { 'aria-label': 'tracks read and written' });
      for (const x of d.touched) touched.append(el('li', {}, el('button', { type: 'button', text: `${x.kind} cylinder ${x.cylinder} head ${x.head}`, onclick: () => askTrack(parseInt(d.devno, 16), x.cylinder, x.head) })));
      sec.append(touched, trackBrowser(d, msg.track));
      root.append(sec);
    }
  }

  window.addEventListener('message', (e) => { if (e.data && e.data.type === 'model') render(e.data); });
  vscode.postMessage({ type: 'ready' });
  if (selected) vscode.postMessage({ type: 'track', ...selected });
})();
