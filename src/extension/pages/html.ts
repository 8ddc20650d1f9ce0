// A page's HTML (used by page.ts only): a strict CSP with a fresh nonce, local resources only,
// scripts from dist/webview, styles from media/. Nothing remote can load.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy } from './csp';

export interface WebviewPage {
  /** Bundle name under dist/webview (without .js), e.g. 'trainer'. */
  readonly entry: string;
  readonly title: string;
  /** Only the pages that run WebAssembly (onnxruntime-web) need 'wasm-unsafe-eval'. */
  readonly wasm?: boolean;
}

/** Roots a webview may read from: our bundles and media, and onnxruntime-web's files for the pages that run it. */
function localRoots(extensionUri: vscode.Uri, wasm: boolean): vscode.Uri[] {
  const roots = [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
  return wasm ? [...roots, vscode.Uri.joinPath(extensionUri, 'dist', 'ort')] : roots;
}

export function webviewOptions(extensionUri: vscode.Uri, wasm = false): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: localRoots(extensionUri, wasm) };
}

export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${page.entry}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce, page.wasm)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>${escapeHtml(page.title)}</title>
</head>
<body>
  <main id="app" data-page="${page.entry}"></main>
  <script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
