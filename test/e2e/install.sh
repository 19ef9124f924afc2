#!/usr/bin/env bash
# Installs what the real-editor tests need, from Debian's packages and the npm registry only:
# Chromium (hosts the VS Code workbench), ripgrep, and code-server 4.100.3 (= VS Code 1.100.3, the
# newest whose engines accept Node 20) into $LOGON_LENS_E2E_HOME (default ~/.cache/logon-lens-e2e).
# Also bsdutils's `script`, which gives the command-line tests a terminal to draw progress on, and
# the two independent .evtx readers the reader is compared with (libevtx-utils, python3-evtx).
# Idempotent: a second run finds everything in place and returns at once.
set -euo pipefail
E2E_HOME=${LOGON_LENS_E2E_HOME:-$HOME/.cache/logon-lens-e2e}
CODE_SERVER_VERSION=4.100.3

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! command -v unshare >/dev/null || ! command -v script >/dev/null \
  || ! command -v evtxexport >/dev/null || ! command -v evtx_dump.py >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ripgrep libkrb5-dev util-linux bsdutils iproute2 curl libevtx-utils python3-evtx >/dev/null
fi

CS="$E2E_HOME/cs/node_modules/.bin/code-server"
if [ -x "$CS" ] && "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then exit 0; fi
mkdir -p "$E2E_HOME/tmp" "$E2E_HOME/cs"
export TMPDIR="$E2E_HOME/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub; it first looks in this cache, so seed it with Debian's rg.
RGC="$TMPDIR/vscode-ripgrep-cache-1.15.11"; mkdir -p "$RGC" "$TMPDIR/rg"; cp "$(command -v rg)" "$TMPDIR/rg/rg"
tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rg" rg
cd "$E2E_HOME/cs"
[ -f package.json ] || npm init -y >/dev/null
# code-server's postinstall refuses root without unsafe_perm; node-pty's runs npx (needs yes);
# argon2 and kerberos would fetch prebuilt binaries from GitHub unless built from source.
npm_config_unsafe_perm=true npm_config_build_from_source=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
XDG_CONFIG_HOME="$TMPDIR/xdg" XDG_DATA_HOME="$TMPDIR/xdg" "$CS" --version | tail -1
