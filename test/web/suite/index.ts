/** Entry of the web extension-host suite (@vscode/test-web): the shared tests the web build supports. */
import { runAll } from '../../electron/suite/harness';
import { suiteTests } from '../../electron/suite/tests';

export function run(): Promise<void> {
  return runAll('web extension host', suiteTests('web'));
}
