/**
 * The `process` the web build's dependencies touch: @vscode/debugadapter reads `process.platform`
 * when it converts paths and calls `process.exit` only when it runs as its own process, never
 * inline. Injected by scripts/build.mjs as the global `process` of the web build only.
 */
export const process = {
  platform: 'web',
  env: {} as Record<string, string | undefined>,
  argv: [] as string[],
  noDeprecation: false,
  exit(code?: number): never {
    throw new Error(`process.exit(${code ?? 0}) in the web extension host`);
  },
  on(): void {},
  removeListener(): void {},
};
