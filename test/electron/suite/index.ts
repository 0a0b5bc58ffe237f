/** Entry of the desktop extension-host suite (test-electron; code-server via test/e2e/exthost.sh). */
import { runAll } from './harness';
import { suiteTests } from './tests';

export function run(): Promise<void> {
  return runAll('extension host', suiteTests('desktop'));
}
