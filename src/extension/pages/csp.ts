// The Content-Security-Policy of every webview. Pure (no vscode import) so the unit tests read it.
// Scripts only with the page's nonce, styles/fonts/images only from the extension's own
// resources (cspSource), nothing remote, no inline styles or eval.
export function contentSecurityPolicy(cspSource: string, nonce: string, wasm = false): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'${wasm ? " 'wasm-unsafe-eval'" : ''}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}
