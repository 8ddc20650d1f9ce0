#!/usr/bin/env bash
# Everything Model Lab needs on a fresh Debian 12 machine: system packages (Chromium and its
# SwiftShader Vulkan driver for WebGPU, the Vulkan loader Dawn needs, headers code-server's native
# modules build against), the npm dependencies, and the headless VS Code used by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
APT_PACKAGES=(chromium libvulkan1 dataset-fashion-mnist libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 python3-numpy python3-torch python3-onnx python3-pil)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Mesa 25's lavapipe (bookworm-backports) runs Dawn's Vulkan about 10x faster than SwiftShader;
# Debian 12's own Mesa 22.3 is too old for Dawn.
if ! dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q '^2[5-9]\.'; then
  echo "== apt: mesa-vulkan-drivers from bookworm-backports"
  if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | $SUDO tee /etc/apt/sources.list.d/model-lab-backports.sources >/dev/null
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers
fi
echo "== npm ci"
npm ci --no-audit --no-fund
echo "== headless VS Code"
bash scripts/install-vscode.sh
