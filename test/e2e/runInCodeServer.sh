#!/usr/bin/env bash
# Starts code-server (VS Code 1.100.3) with Logon Lens installed from VSIX into a fresh extensions
# folder and a copy of WS as the workspace, then runs DRIVER (a Node script that drives the
# workbench in headless Chromium; default: the suite in TESTS via extensionTestsDriver.js).
# Exit code: the driver's.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
E2E_HOME=${LOGON_LENS_E2E_HOME:-$HOME/.cache/logon-lens-e2e}
CS="$E2E_HOME/cs/node_modules/.bin/code-server"
PORT=${PORT:-18080}
[ -x "$CS" ] || { echo "code-server is missing: run test/e2e/install.sh first" >&2; exit 2; }
[ -f "${VSIX:-}" ] || { echo "VSIX must name the built .vsix (npm run package)" >&2; exit 2; }
RUN=$(mktemp -d "${TMPDIR:-/tmp}/logon-lens-e2e.XXXXXX")
mkdir -p "$RUN"/{tmp,ud/User,ext,ws,xdg-config,xdg-data}
export TMPDIR="$RUN/tmp" XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data" EXTENSIONS_GALLERY='{}'
printf 'auth: none\n' > "$RUN/config.yaml"
cat > "$RUN/ud/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off", "update.mode": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "git.enabled": false,
  "security.workspace.trust.enabled": false, "editor.hover.delay": 150 }
JSON
cp -r "$WS"/. "$RUN/ws/"
COMMON=(--config "$RUN/config.yaml" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext")
"$CS" "${COMMON[@]}" --install-extension "$VSIX" > "$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 2; }
setsid "$CS" "${COMMON[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-proxy --ignore-last-opened "$RUN/ws" > "$RUN/code-server.log" 2>&1 &
CSPID=$!
stop() { kill -TERM -- -"$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; rm -rf "$RUN"; }
trap stop EXIT
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
RC=0
CS_URL="http://127.0.0.1:$PORT" WS_DIR="$RUN/ws" node "$HERE/${DRIVER:-extensionTestsDriver.js}" || RC=$?
# The extension host's output (the suite's report) is relayed into code-server's log.
awk '/\]\[ExtensionHostConnection\] <[0-9]+>/{p=1; sub(/^.*\]\[ExtensionHostConnection\] <[0-9]+>(<std(out|err)>)? ?/,""); if ($0 ~ /^(Launched Extension Host|Extension Host Process exited)/) next; print; next} /^\[[0-9:]+\] /{p=0} p' "$RUN/code-server.log"
exit $RC
