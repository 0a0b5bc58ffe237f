"""Keeps what the device tests read from an oracle result: status per CCW (trace), SCSWs, dumps.

python3 trim-results.py RESULTS_DIR OUT_DIR"""
import json, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
SCSW = ('raw', 'ccw_addr', 'dstat', 'cstat', 'count')
KEEP = re.compile(r'synchronous\s+I/O ccw addr|HHCCP04[89]I|HHCCP07[56]I|HHCCP050I')
for name in sorted(os.listdir(src)):
    r = json.load(open(os.path.join(src, name)))
    steps = []
    for s in r.get('steps', []):
        if s.get('op') == 'msch' and s.get('auto'):
            continue
        t = {k: s[k] for k in ('index', 'op', 'dev', 'cc', 'orb', 'final_cc') if k in s}
        if 'results' in s:
            t['results'] = [{'cc': x.get('cc'), 'irb': {'scsw': {k: x['irb']['scsw'][k] for k in SCSW},
                             'ecw': x['irb']['ecw'], 'erw': x['irb']['esw']['erw']['raw']}} for x in s['results'] if x.get('irb')]
        steps.append(t)
    out = {'case': r['case'], 'oracle': r.get('oracle'), 'ok': r['ok'], 'end_state': r.get('end_state'),
           'trimmed': 'trim-results.py: auto MSCH step, SCHIBs, ESW details, timings and console messages removed',
           'steps': steps, 'summary': r.get('summary'), 'memory': r.get('memory', [])}
    if r.get('tracks_after'):
        out['tracks_after'] = r['tracks_after']
    out['ccw_trace'] = [l for l in r.get('ccw_trace', []) if KEEP.search(l)]
    with open(os.path.join(dst, name), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
