#!/usr/bin/env bash
# Everything Model Lab needs on a fresh Debian 12 machine: system packages (Chromium and its
# SwiftShader Vulkan driver for WebGPU, the Vulkan loader Dawn needs, headers code-server's native
# modules build against), the npm dependencies, and the headless VS Code used by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
APT_PACKAGES=(chromium libvulkan1 libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "== npm ci"
npm ci --no-audit --no-fund
echo "== headless VS Code"
bash scripts/install-vscode.sh
