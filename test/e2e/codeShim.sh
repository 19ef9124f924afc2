#!/usr/bin/env bash
# A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): it
# takes the command line runTests passes and runs the suite in code-server's real extension host,
# with headless Chromium showing the workbench, instead of a downloaded VS Code.
HERE=$(cd "$(dirname "$0")" && pwd)
unset EXT_DEV TESTS WS
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) EXT_DEV=${a#*=} ;;
    --extensionTestsPath=*) TESTS=${a#*=} ;;
    --*) ;;
    *) [ -d "$a" ] && WS=$a ;;
  esac
done
export EXT_DEV TESTS WS
# Only loopback exists inside: nothing the editor does can leave the machine.
exec unshare -n bash -c 'ip link set lo up; exec "$0"' "$HERE/runInCodeServer.sh"
