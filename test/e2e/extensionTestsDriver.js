// Opens code-server's workbench in headless Chromium with the suite as extensionTestsPath, and waits
// for the suite's exit code (VS Code reports it through codeAutomationExit, as test-electron expects).
// Env: CS_URL WS_DIR EXT_DEV TESTS [TIMEOUT_MS]
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

(async () => {
  const { CS_URL, WS_DIR, EXT_DEV, TESTS } = process.env;
  const remote = (p) => `vscode-remote://${new URL(CS_URL).host}${p}`;
  const payload = [['skipWelcome', 'true'], ['extensionDevelopmentPath', remote(EXT_DEV)], ['extensionTestsPath', remote(TESTS)]];
  const url = `${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const exitCode = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  await page.goto(url);
  const code = await Promise.race([exitCode, new Promise((resolve) => setTimeout(() => resolve('timeout'), Number(process.env.TIMEOUT_MS ?? 300_000)))]);
  console.log(`real-editor suite finished: ${code === 0 ? 'passed' : `failed (${code})`}`);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code === 0 ? 0 : 1);
})().catch((error) => { console.error(error); process.exit(2); });
