// The workspace the extension-host suites open: read-vol1.ccw at the top (the file the suite
// opens first) and every example, with the data files their DEVICE statements name, in examples/.
import fs from 'node:fs';
import path from 'node:path';

export function makeWorkspace(dir, repo) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'examples'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'examples/read-vol1.ccw'), path.join(dir, 'read-vol1.ccw'));
  for (const f of fs.readdirSync(path.join(repo, 'examples'))) {
    if (f.endsWith('.ccw')) fs.copyFileSync(path.join(repo, 'examples', f), path.join(dir, 'examples', f));
  }
  // input data only: OUTPUT= files are what the examples write
  fs.cpSync(path.join(repo, 'examples/data'), path.join(dir, 'examples/data'), { recursive: true });
  return dir;
}
