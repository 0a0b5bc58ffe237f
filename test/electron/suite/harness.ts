/**
 * A minimal test harness for extension-host suites (no mocha: one file, no globals). `run()`
 * resolves when every test passed and rejects otherwise, as test-electron, code-server's
 * extension-test runner and @vscode/test-web expect of a suite's entry.
 */
export interface Test {
  readonly name: string;
  readonly fn: () => Promise<void>;
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export async function runAll(title: string, tests: readonly Test[]): Promise<void> {
  let passed = 0;
  let failed = 0;
  console.log(`${title}: ${tests.length} tests`);
  for (const t of tests) {
    try {
      await t.fn();
      passed++;
      console.log(`  ok   ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${t.name}\n       ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join('\n       ') : String(e)}`);
    }
  }
  console.log(`${title}: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} test(s) failed`);
}
