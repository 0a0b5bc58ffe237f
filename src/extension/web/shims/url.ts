/** Node's `url` for the web build: the browser's own URL, which @vscode/debugadapter uses for file URIs. */
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
