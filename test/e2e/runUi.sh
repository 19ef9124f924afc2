#!/usr/bin/env bash
# The through-the-UI checks (uiDriver.js): real mouse hovers, F12 and the Problems panel, with
# screenshots in test/e2e/artifacts/. Run after `npm run package`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export VSIX=${VSIX:-$HERE/../../logon-lens.vsix} WS=$HERE/workspace DRIVER=uiDriver.js
exec unshare -n bash -c 'ip link set lo up; exec "$0"' "$HERE/runInCodeServer.sh"
