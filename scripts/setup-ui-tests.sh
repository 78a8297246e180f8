#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently, from Debian's packages and the npm
# registry only (nothing else is reachable): Chromium, ripgrep and the build headers for
# code-server's native modules, Neovim, and code-server (VS Code's server and workbench) in a cache
# folder outside the repository. A second run finds the marker and takes seconds.
#   AUDIT_POLICY_UI_CACHE  cache folder (default ~/.cache/audit-policy-editors)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${AUDIT_POLICY_UI_CACHE:-$HOME/.cache/audit-policy-editors}"
DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
MARKER="$DIR/.ready"
APT_PACKAGES=(chromium ripgrep neovim libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config)

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-ui-tests: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f "$MARKER" ]; then
  echo "setup-ui-tests: code-server $CODE_SERVER_VERSION ready in $DIR"
  exit 0
fi

echo "setup-ui-tests: installing code-server $CODE_SERVER_VERSION into $DIR (several minutes, once)"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{"name":"audit-policy-ui-cache","private":true}' > package.json
# Its postinstall refuses to run as root and downloads ripgrep from GitHub: do its steps by hand.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
npm_config_yes=true npm rebuild --loglevel=error kerberos @vscode/spdlog node-pty @parcel/watcher native-watchdog @vscode/deviceid
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
cd "$DIR"
npm_config_yes=true npm rebuild --loglevel=error argon2
touch "$MARKER"
echo "setup-ui-tests: done"
