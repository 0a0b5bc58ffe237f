// Guest Storage webview: hex + EBCDIC rows, labels marked, bytes changed since the previous
// stop marked; Enter on a byte edits it (two hex digits, Enter writes through writeMemory).
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // Bytes at the previous stop (baseline) and at this one: marks last until the next stop.
  let baseline = null;
  let stopValues = new Map();
  let lastAtoms = null;

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
  const hex = (n, d) => n.toString(16).toUpperCase().padStart(d, '0');

  function go(text) {
    const t = text.trim();
    const m = /^(?:0x|X')?([0-9a-f]+)'?$/i.exec(t);
    if (m && /^(0x|X')/i.test(t)) vscode.postMessage({ type: 'goto', address: parseInt(m[1], 16) });
    else if (/^[0-9a-f]+$/i.test(t) && !/^[A-Z@#$][A-Z0-9@#$_]*$/i.test(t)) vscode.postMessage({ type: 'goto', address: parseInt(t, 16) });
    else vscode.postMessage({ type: 'goto', symbol: t });
  }

  function edit(cell, address, old) {
    const input = el('input', { value: hex(old, 2), maxlength: '2', 'aria-label': `byte at ${hex(address, 8)}` });
    cell.replaceWith(input);
    input.focus();
    input.select();
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && /^[0-9a-f]{2}$/i.test(input.value)) vscode.postMessage({ type: 'write', address, hex: input.value });
      if (e.key === 'Escape') input.replaceWith(cell);
    });
  }

  function render(msg) {
    root.textContent = '';
    const s = msg.storage;
    const form = el('form', { onsubmit: (e) => { e.preventDefault(); go(form.querySelector('input').value); } },
      el('label', { text: 'Address or label ' }), el('input', { 'aria-label': 'address or label', value: s ? `X'${hex(s.address, 8)}'` : '' }), el('button', { type: 'submit', text: 'Go' }),
      s ? el('button', { type: 'button', text: '◀ Page', 'aria-label': 'previous page', onclick: () => vscode.postMessage({ type: 'goto', address: Math.max(0, s.address - 256) }) }) : null,
      s ? el('button', { type: 'button', text: 'Page ▶', 'aria-label': 'next page', onclick: () => vscode.postMessage({ type: 'goto', address: s.address + 256 }) }) : null);
    root.append(form);
    if (!s) { root.append(el('p', { class: 'muted', text: 'Stop a ccw debug session to see guest storage.' })); return; }
    if (s.error) { root.append(el('p', { class: 'error', text: s.error })); return; }
    // Changed marks compare with the previous stop, not with the previous repaint of the same stop.
    if (msg.atoms !== lastAtoms) { baseline = stopValues; stopValues = new Map(); lastAtoms = msg.atoms; }
    const old = baseline;
    const table = el('table', { role: 'grid', 'aria-label': 'guest storage' }, el('tr', {}, el('th', { text: 'address' }), el('th', { text: 'hex' }), el('th', { text: 'EBCDIC' }), el('th', { text: 'labels' })));
    for (const r of s.rows) {
      const hexCell = el('td', { class: 'hex' });
      r.bytes.forEach((b, i) => {
        const a = r.address + i;
        stopValues.set(a, b);
        const changed = old && old.has(a) && old.get(a) !== b;
        const starts = r.symbols.find((x) => x.offset === i);
        const cell = el('button', { type: 'button', class: 'byte' + (changed ? ' changed' : '') + (starts ? ' symbol' : ''), text: hex(b, 2), title: `${hex(a, 8)}${starts ? ' ' + starts.name : ''}${changed ? ` (was ${hex(old.get(a), 2)})` : ''}`, 'aria-label': `${hex(a, 8)} ${hex(b, 2)}${changed ? ' changed' : ''}` });
        cell.addEventListener('click', () => edit(cell, a, b));
        hexCell.append(cell, i % 4 === 3 ? ' ' : '');
      });
      table.append(el('tr', {}, el('td', { class: 'mono', text: hex(r.address, 8) }), hexCell, el('td', { class: 'text', text: r.text }), el('td', { class: 'symbol', text: r.symbols.map((x) => x.name).join(' ') })));
    }
    root.append(table);
  }

  window.addEventListener('message', (e) => { if (e.data && e.data.type === 'model') render(e.data); if (e.data && e.data.type === 'error') root.prepend(el('p', { class: 'error', text: e.data.text })); });
  vscode.postMessage({ type: 'ready' });
})();
