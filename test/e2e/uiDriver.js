// Drives the real workbench as a person would, with Logon Lens installed from the .vsix: mouse
// hovers on a LogonType and on a SID, F12 on a logoff's Logon ID, and the Problems panel. Saves
// screenshots of the hover and of the Problems panel in test/e2e/artifacts/.
// Env: CS_URL WS_DIR (set by runUi.sh)
const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const artifacts = path.join(__dirname, 'artifacts');
const t0 = Date.now();
const log = (...a) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

(async () => {
  const { CS_URL, WS_DIR } = process.env;
  const remote = (p) => `vscode-remote://${new URL(CS_URL).host}${p}`;
  const payload = [['skipWelcome', 'true'], ['openFile', remote(path.join(WS_DIR, 'security.xml'))]];
  const url = `${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  fs.mkdirSync(artifacts, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  // The timeline webview's errors: a script error, or anything its Content Security Policy refused.
  const webviewErrors = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/.test(text) || (message.type() === 'error' && /overview\.(js|css)/.test(`${text} ${message.location().url}`))) webviewErrors.push(text);
  });
  page.on('pageerror', (error) => { if (/overview\.js/.test(error.stack ?? '')) webviewErrors.push(error.message); });
  try {
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('.editor-instance .view-lines')?.textContent.includes('TargetLogonId'), null, { timeout: 60_000 });
    log('security.xml is open');

    // Screen position of the n-th occurrence of `text` in the editor's rendered lines (only on
    // lines that contain `lineText`, when given).
    const where = (text, nth = 0, lineText = '') => page.evaluate(({ text, nth, lineText }) => {
      let seen = 0;
      const lines = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].filter((l) => l.textContent.includes(lineText));
      const spans = lines.flatMap((l) => [...l.querySelectorAll('span span')]);
      // A token that is exactly the text (a short value like 10) before one that merely contains it.
      const ordered = [...spans.filter((s) => s.textContent === text), ...spans.filter((s) => s.textContent !== text)];
      for (const span of ordered) {
        const at = span.textContent.indexOf(text);
        if (at < 0 || seen++ < nth) continue;
        const range = document.createRange();
        range.setStart(span.firstChild, at);
        range.setEnd(span.firstChild, at + text.length);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    }, { text, nth, lineText });

    // A mouse hover shows `expected`; retried while the server starts.
    const hoverShows = async (text, expected) => {
      for (let attempt = 0; attempt < 40; attempt++) {
        const point = await where(text);
        if (point !== null) {
          await page.mouse.move(5, 5);
          await page.mouse.move(point.x, point.y, { steps: 4 });
          const shown = await page.waitForFunction((e) => [...document.querySelectorAll('.monaco-hover')].some((h) => h.innerText.includes(e)), expected, { timeout: 1500 }).then(() => true, () => false);
          if (shown) return;
        }
        await page.waitForTimeout(250);
      }
      const seen = await page.locator('.monaco-hover').allInnerTexts();
      assert.fail(`hover on ${text} did not show "${expected}"; saw ${JSON.stringify(seen)}`);
    };

    // The editor is one line per event (wevtutil's compact shape): turn on word wrap to see it all.
    await page.keyboard.press('Alt+Z');
    await hoverShows('S-1-5-21-1-2-3-1105', 'Seen in these events as');
    log('SID hover: ok');
    await hoverShows('10', 'Logon type 10: RemoteInteractive');
    log('LogonType hover: ok');
    await page.waitForTimeout(500); // let the hover finish fading in, for the picture
    await page.screenshot({ path: path.join(artifacts, 'hover.png') });
    // The session summary: values from the data shown as code, not as markup.
    await hoverShows('0x2b00', 'Session of');
    log('session hover: ok');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(artifacts, 'hover-session.png') });

    // F12 on the first logoff's TargetLogonId: the cursor lands in logons.xml, on the 4624's value.
    await page.mouse.move(5, 5);
    const id = await where('0x2b00');
    await page.mouse.click(id.x, id.y);
    await page.keyboard.press('F12');
    await page.waitForFunction(() => document.querySelector('.tab.active')?.innerText.includes('logons.xml'), null, { timeout: 20_000 });
    // The cursor is on the 4624's TargetLogonId value, as the status bar shows it.
    const logons = fs.readFileSync(path.join(WS_DIR, 'logons.xml'), 'utf8');
    const value = logons.indexOf('<Data Name="TargetLogonId">0x2b00') + '<Data Name="TargetLogonId">'.length;
    const before = logons.slice(0, value).split('\n');
    const expected = `Ln ${before.length}, Col ${before[before.length - 1].length + 1}`;
    const status = await page.waitForFunction((e) => document.querySelector('#status\\.editor\\.selection')?.innerText.includes(e), expected, { timeout: 10_000 }).then(() => true, () => false);
    assert.ok(status, `cursor at ${expected}; status bar says ${await page.locator('#status\\.editor\\.selection').innerText().catch(() => '?')}`);
    log(`F12: logons.xml, cursor at ${expected}`);

    // The session's code lens, clicked: its events as readable rows (which event, when), not lines of XML.
    const lens = page.locator('.codelens-decoration a', { hasText: 'CORP\\alice · RemoteInteractive' }).first();
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const rows = await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((r) => r.innerText.replace(/\s+/g, ' ').trim());
      return texts.some((t) => t.includes('4624 Logon · 2024-03-04 10:05:00.000 · #102')) ? texts : null;
    }, null, { timeout: 20_000 }).then((handle) => handle.jsonValue(), () => null);
    assert.ok(rows, `the session's events as rows: ${JSON.stringify(await page.locator('.quick-input-widget').allInnerTexts().catch(() => []))}`);
    log('session events:', JSON.stringify(rows));
    await page.screenshot({ path: path.join(artifacts, 'session-events.png') });
    await page.keyboard.press('Escape');

    // The status item says how many sessions the server knows (the workspace's two files).
    const statusItem = await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.innerText).find((t) => /Logon Lens: [\d,]+ events? · [\d,]+ sessions? · [\d,]+ problems?/.test(t)), null, { timeout: 20_000 })
      .then((handle) => handle.jsonValue(), () => undefined);
    assert.ok(statusItem, `no Logon Lens status item; the status bar says ${JSON.stringify(await page.locator('.statusbar-item').allInnerTexts())}`);
    log('status item:', statusItem);

    // The Logon Sessions view, opened by a click on the status item: computers, then a computer's boots and sessions.
    await page.keyboard.press('Escape');
    await page.locator('.statusbar-item', { hasText: 'Logon Lens:' }).first().click();
    const viewRow = (text) => page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
    await viewRow('WS01').waitFor({ timeout: 20_000 });
    await viewRow('WS01').click();
    await viewRow('Boot 1').waitFor({ timeout: 10_000 });
    await viewRow('Boot 1').click();
    await viewRow('CORP\\alice · RemoteInteractive').waitFor({ timeout: 10_000 });
    log('sessions view:', JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()).slice(0, 400));
    await page.screenshot({ path: path.join(artifacts, 'sessions-view.png') });
    // A click on a session opens its 4624.
    await viewRow('CORP\\alice · RemoteInteractive').click();
    // Its Logon ID value is selected: the status bar shows the cursor at the selection's end.
    const selected = expected.replace(/Col (\d+)/, (_, col) => `Col ${Number(col) + '0x2b00'.length} (${'0x2b00'.length} selected)`);
    const opened = await page.waitForFunction((e) => document.querySelector('#status\\.editor\\.selection')?.innerText.includes(e), selected, { timeout: 10_000 }).then(() => true, () => false);
    assert.ok(opened, `the session's 4624 at ${selected}; the status bar says ${await page.locator('#status\\.editor\\.selection').innerText().catch(() => '?')}`);
    log('sessions view: a click opens the 4624');

    // A palette command by its title, as a user runs it (F1, type, Enter).
    const runCommand = async (title) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill(`>${title}`);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
    };
    // Reveal in Sessions View: the computer collapsed first, then the command from the 4624 in the editor.
    await viewRow('WS01').click();
    await viewRow('CORP\\alice · RemoteInteractive').waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand('Logon Lens: Reveal in Sessions View');
    const revealed = await page.waitForFunction(() => [...document.querySelectorAll('.pane-body .monaco-list-row.selected')].map((r) => r.innerText).find((t) => t.includes('CORP\\alice · RemoteInteractive')), null, { timeout: 15_000 })
      .then((handle) => handle.jsonValue(), () => undefined);
    assert.ok(revealed, `the session selected in the view: ${JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts())}`);
    log('reveal in sessions view:', JSON.stringify(revealed));
    await page.screenshot({ path: path.join(artifacts, 'sessions-reveal.png') });

    // Export Sessions as CSV: the save dialog (code-server's own) offers logon-sessions.csv in the folder.
    await runCommand('Logon Lens: Export Sessions as CSV…');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    const csvPath = path.join(WS_DIR, 'logon-sessions.csv');
    for (let k = 0; k < 50 && !fs.existsSync(csvPath); k++) await page.waitForTimeout(200);
    const csv = fs.existsSync(csvPath) ? fs.readFileSync(csvPath, 'utf8') : '';
    assert.ok(csv.startsWith('computer,account,logonId,') && csv.includes('"CORP\\alice"'), `the sessions as CSV in the folder: ${JSON.stringify(csv.slice(0, 300))}`);
    log(`CSV export: ${csv.trimEnd().split('\n').length - 1} sessions written`);

    // The timeline and graph: a webview; its own frame holds the canvas and the names.
    await runCommand('Logon Lens: Show Timeline and Graph');
    const overviewFrame = async () => {
      for (let k = 0; k < 100; k++) {
        for (const frame of page.frames()) {
          const ready = await frame.evaluate(() => /\d+ sessions/.test(document.querySelector('#summary')?.textContent ?? '')).catch(() => false);
          if (ready) return frame;
        }
        await page.waitForTimeout(200);
      }
      return undefined;
    };
    const frame = await overviewFrame();
    assert.ok(frame, `the timeline webview; tabs: ${JSON.stringify(await page.locator('.tab').allInnerTexts())}`);
    log('timeline:', await frame.locator('#summary').innerText());
    assert.deepEqual(webviewErrors, [], 'the webview loaded without errors, and its CSP refused nothing');
    // A click on WS01's name zooms time to its events (the logs span five years).
    await frame.locator('.lane-label', { hasText: /^WS01$/ }).first().click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(artifacts, 'timeline.png') });
    // Find alice's bar on WS01's lane as a pointer would: move along the lane until the tooltip names her.
    const lane = await frame.locator('.lane-label', { hasText: /^WS01$/ }).first().boundingBox();
    const canvasBox = await frame.locator('#timeline').boundingBox();
    assert.ok(lane && canvasBox, 'WS01 has a lane');
    const spot = await frame.evaluate(({ top, height }) => {
      const canvas = document.querySelector('#timeline');
      const box = canvas.getBoundingClientRect();
      const tooltip = document.querySelector('#tooltip');
      for (let y = top + 2; y < top + height - 2; y += 2) {
        for (let x = box.left + 220; x < box.right; x += 1) {
          canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
          if (!tooltip.hidden && tooltip.textContent.includes('CORP\\alice · RemoteInteractive')) return { x: x - box.left, y: y - box.top };
        }
      }
      return null;
    }, { top: lane.y - canvasBox.y + (await frame.evaluate(() => document.querySelector('#timeline').getBoundingClientRect().top)), height: lane.height });
    assert.ok(spot, 'alice\'s session is drawn on WS01\'s lane');
    await page.mouse.move(canvasBox.x + spot.x, canvasBox.y + spot.y, { steps: 3 });
    await frame.waitForFunction(() => !document.querySelector('#tooltip').hidden, null, { timeout: 5_000 });
    await page.screenshot({ path: path.join(artifacts, 'timeline-tooltip.png') });
    await page.mouse.click(canvasBox.x + spot.x, canvasBox.y + spot.y);
    // The 4624 opens beside the timeline, which stays in view.
    const fromTimeline = await page.waitForFunction((e) => [...document.querySelectorAll('.tab.active')].some((t) => t.innerText.includes('logons.xml')) && document.querySelector('#status\\.editor\\.selection')?.innerText.includes(e), selected, { timeout: 15_000 }).then(() => true, () => false);
    assert.ok(fromTimeline, `a click on the bar opens the 4624 at ${selected}; the status bar says ${await page.locator('#status\\.editor\\.selection').innerText().catch(() => '?')}`);
    log('timeline: a click on alice\'s bar opens her 4624');

    // The graph: a click on the account's name filters the Sessions view to it.
    await page.locator('.tab', { hasText: 'Timeline and Graph' }).first().click();
    const graphFrame = await overviewFrame();
    await graphFrame.locator('#tab-graph').click();
    const aliceNode = graphFrame.locator('.node-label', { hasText: 'CORP\\alice' }).first();
    await aliceNode.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, 'graph.png') });
    await aliceNode.click();
    const filteredView = await page.waitForFunction(() => [...document.querySelectorAll('.pane-header')].map((h) => h.innerText).find((t) => t.includes('account ~ CORP\\alice')), null, { timeout: 15_000 })
      .then((handle) => handle.jsonValue(), () => undefined);
    assert.ok(filteredView, `the Sessions view filtered to alice: ${JSON.stringify(await page.locator('.pane-header').allInnerTexts())}`);
    log('graph: a click on CORP\\alice filters the Sessions view:', JSON.stringify(filteredView.replace(/\s+/g, ' ')));
    assert.deepEqual(webviewErrors, [], 'the webview ran without errors, and its CSP refused nothing');
    // Back to the event document, for the outline.
    await page.locator('.tab', { hasText: 'logons.xml' }).first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>View: Show Explorer');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');

    // The outline of logons.xml (open after F12): one row per event, named like a log line.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Explorer: Focus on Outline View');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const outline = await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.outline-pane .monaco-list-row')].map((r) => r.innerText.replace(/\s+/g, ' ').trim());
      return rows.some((r) => r.includes('4624 Logon · CORP\\svc_admin · 5 Service · 2024-03-04 10:00:00 · #101')) ? rows : null;
    }, null, { timeout: 20_000 }).then((handle) => handle.jsonValue(), () => null);
    assert.ok(outline, `the outline lists the events: ${JSON.stringify(await page.locator('.outline-pane .monaco-list-row').allInnerTexts().catch(() => []))}`);
    log('outline:', JSON.stringify(outline).slice(0, 300));
    await page.screenshot({ path: path.join(artifacts, 'outline.png') });

    // The Problems panel, opened as a user would (F1, then the command), showing a finding of `code`.
    const problemsShow = async (code, label, picture) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>View: Focus Problems');
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      // The workspace's files have problems too, unopened: the panel's filter shows this rule's.
      const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
      await filter.fill(code);
      await page.waitForTimeout(500);
      await page.waitForFunction((c) => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes(c)), code, { timeout: 30_000 });
      log(`${label}:`, JSON.stringify(await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).slice(0, 300));
      await page.screenshot({ path: path.join(artifacts, picture) });
    };
    await problemsShow('privileged-batch-service-logon', 'Problems panel', 'problems.png');
    // The rule's link in the Problems panel opens its page rendered, from the extension's files.
    const codeLink = page.locator('.markers-panel .monaco-list-row a', { hasText: 'privileged-batch-service-logon' }).first();
    const linked = await codeLink.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    assert.ok(linked, `the rule's link in the Problems panel: ${(await page.locator('.markers-panel .monaco-list-row').first().innerHTML().catch(() => '?')).slice(0, 1500)}`);
    await codeLink.click();
    const preview = await page.waitForFunction(() => [...document.querySelectorAll('.tab')].map((t) => t.innerText).find((t) => t.includes('Preview privileged-batch-service-logon')), null, { timeout: 20_000 })
      .then((handle) => handle.jsonValue(), () => undefined);
    assert.ok(preview, `a markdown preview of the rule page; tabs: ${JSON.stringify(await page.locator('.tab').allInnerTexts())}`);
    log('rule page from the Problems panel:', preview);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(artifacts, 'rule-page.png') });

    // An .evtx, opened from the Explorer: it shows as read-only event XML, with every feature.
    // Where its values are: the same text the server renders (the compiled core, from npm test).
    const { renderEvtxDocument } = require('../../out/server/src/core/evtx/evtxDocument.js');
    const evtxText = renderEvtxDocument(fs.readFileSync(path.join(WS_DIR, 'Security.evtx')), 'Security.evtx').text;
    const lineOf = (offset) => evtxText.slice(0, offset).split('\n').length;
    await page.keyboard.press('Escape');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Security.evtx' }).first().click();
    // (The timeline stays open beside: each editor group has its active tab.)
    await page.waitForFunction(() => [...document.querySelectorAll('.tab.active')].some((t) => t.innerText.includes('Security.evtx.xml')), null, { timeout: 30_000 });
    log('Security.evtx opened from the Explorer as', await page.locator('.tab.active', { hasText: 'Security.evtx' }).first().innerText());
    // Go to a line (Ctrl+G), then find `text` on it.
    const goToLine = async (line) => {
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').fill(`:${line}`);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
    };
    const onLine = (lineText, text) => where(text, 0, lineText);
    // A LogonType hover.
    const logonTypeAt = evtxText.indexOf("Name='LogonType'>");
    const logonType = evtxText.slice(logonTypeAt + 17, evtxText.indexOf('<', logonTypeAt + 17));
    await goToLine(lineOf(logonTypeAt));
    let shown = false;
    for (let attempt = 0; attempt < 40 && !shown; attempt++) {
      const point = await onLine("Name='LogonType'>", logonType);
      if (point !== null) {
        await page.mouse.move(5, 5);
        await page.mouse.move(point.x, point.y, { steps: 4 });
        shown = await page.waitForFunction((e) => [...document.querySelectorAll('.monaco-hover')].some((h) => h.innerText.includes(e)), `Logon type ${logonType}:`, { timeout: 1500 }).then(() => true, () => false);
      }
      if (!shown) await page.waitForTimeout(250);
    }
    assert.ok(shown, `hover on LogonType ${logonType} in the .evtx: ${JSON.stringify(await page.locator('.monaco-hover').allInnerTexts())}`);
    log(`.evtx LogonType ${logonType} hover: ok`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(artifacts, 'evtx.png') });
    // F12 from the 4634 of TESTCOMPUTER\user's session 0x5b9a0d to its 4624.
    const logonAt = evtxText.indexOf("'TargetLogonId'>0x5b9a0d") + "'TargetLogonId'>".length;
    const logoffAt = evtxText.indexOf('0x5b9a0d', evtxText.indexOf('<EventID>4634</EventID>', logonAt));
    await page.mouse.move(5, 5);
    await goToLine(lineOf(logoffAt));
    const idPoint = await onLine("'TargetLogonId'>0x5b9a0d", '0x5b9a0d');
    assert.ok(idPoint, 'the logoff\'s Logon ID is on screen');
    await page.mouse.click(idPoint.x, idPoint.y);
    await page.keyboard.press('F12');
    const beforeLogon = evtxText.slice(0, logonAt).split('\n');
    const expectedAt = `Ln ${beforeLogon.length}, Col ${beforeLogon[beforeLogon.length - 1].length + 1}`;
    const landed = await page.waitForFunction((e) => document.querySelector('#status\\.editor\\.selection')?.innerText.includes(e), expectedAt, { timeout: 10_000 }).then(() => true, () => false);
    assert.ok(landed, `F12 to the 4624 at ${expectedAt}; the status bar says ${await page.locator('#status\\.editor\\.selection').innerText().catch(() => '?')}`);
    log(`.evtx F12: 4634 -> 4624 at ${expectedAt}`);
    // Its policy diagnostic, in the Problems panel.
    await problemsShow('unexpected-privileges', '.evtx Problems', 'evtx-problems.png');

    // A window finding: fourteen failed logons for alice in 52 s (attacks.xml), with the other
    // failures as its related information, listed under it in the Problems panel.
    await page.keyboard.press('Escape');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'attacks.xml' }).first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.tab.active')].some((t) => t.innerText.includes('attacks.xml')), null, { timeout: 30_000 });
    await problemsShow('failed-logon-burst', 'window finding', 'window-problems.png');
    const related = await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.innerText).filter((t) => /failed logon \(bad password/.test(t));
      return rows.length > 0 ? rows : null;
    }, null, { timeout: 10_000 })
      .then((handle) => handle.jsonValue(), () => []);
    // The panel draws the rows it has room for: the first related events, under the finding.
    assert.ok(related.length >= 3 && related[0].includes("09:00:00.000Z failed logon"), `the burst's related events under it: ${JSON.stringify(await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).slice(0, 600)}`);
    log(`window finding: ${related.length} related events listed`);
    // The webview follows the colour theme: switched to High Contrast, it draws on black.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.locator('.quick-input-widget input[placeholder*="Theme"]').fill('Dark High Contrast');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark High Contrast' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'Timeline and Graph' }).first().click();
    const contrastFrame = await overviewFrame();
    await contrastFrame.locator('#tab-timeline').click();
    const axis = await contrastFrame.waitForFunction(() => {
      const canvas = document.querySelector('#timeline');
      const pixel = canvas.getContext('2d').getImageData(Math.round(230 * devicePixelRatio), 4, 1, 1).data;
      return document.body.classList.contains('vscode-high-contrast') && pixel[0] === 0 && pixel[1] === 0 && pixel[2] === 0 ? [...pixel] : null;
    }, null, { timeout: 10_000 }).then((handle) => handle.jsonValue(), () => null);
    assert.ok(axis, `the timeline redrawn in the High Contrast theme's colours: body ${await contrastFrame.evaluate(() => document.body.className)}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, 'timeline-high-contrast.png') });
    assert.deepEqual(webviewErrors, [], 'no webview errors after the theme changed');
    log('timeline: follows the High Contrast theme');
    log('PASS');
  } catch (error) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((error) => { console.error(error.message ?? error); process.exit(1); });
