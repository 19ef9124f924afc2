import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { EventSplitter } from '../../server/src/cli/stream/eventSplitter';
import { sessionCodeLenses } from '../../server/src/core/features/codeLens';
import { computeProblems, eventProblems } from '../../server/src/core/features/diagnostics';
import { doHover } from '../../server/src/core/features/hover';
import { inlayHints } from '../../server/src/core/features/inlayHints';
import { learnSidNames } from '../../server/src/core/features/learnedNames';
import { policyCodeActions } from '../../server/src/core/features/policyCodeActions';
import { findDefinition, findHighlights, findReferences } from '../../server/src/core/features/sessionNavigation';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { parseEvent } from '../../server/src/core/parse/parseEvent';
import { evaluatePolicy } from '../../server/src/core/policy/evaluatePolicy';
import { checkPolicyValue, readPolicy } from '../../server/src/core/policy/readPolicy';
import { buildSessionIndex } from '../../server/src/core/sessions/buildSessionIndex';
import { readSample, REAL_FILES, securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';
import { mutate, Random, randomPolicy, seeded } from './mutate';

/** A case slower than this counts as a hang. */
export const HANG_MS = 1000;

export interface FuzzReport {
  cases: number;
  /** Exceptions that escaped: each with the seed that replays it. */
  crashes: { seed: number; error: string }[];
  /** Cases slower than HANG_MS. */
  hangs: { seed: number; ms: number }[];
  slowestMs: number;
  peakRssMB: number;
}

/** Seed texts: slices of the real corpus, and hand-made events with sessions and boots. */
function seeds(): string[] {
  const texts: string[] = [];
  for (const { name } of REAL_FILES) {
    const text = readSample(name);
    const events = text.split(/(?=<Event[ >])/);
    for (let k = 0; k < events.length; k += 40) texts.push(events.slice(k, k + 12).join(''));
  }
  const logon = (id: string, record: number): string => securityEvent(4624, `<Data Name="TargetUserSid">S-1-5-21-1-2-3-1104</Data><Data Name="TargetUserName">alice</Data><Data Name="TargetDomainName">CORP</Data><Data Name="TargetLogonId">${id}</Data><Data Name="LogonType">5</Data><Data Name="TargetLinkedLogonId">0x${(parseInt(id, 16) + 1).toString(16)}</Data>`, { record });
  texts.push(logon('0x100', 1) + securityEvent(4672, '<Data Name="SubjectLogonId">0x100</Data>', { record: 2 }) + securityEvent(1100, '', { record: 3, provider: 'Microsoft-Windows-Eventlog' }) + securityEvent(4634, '<Data Name="TargetLogonId">0x100</Data>', { record: 4 }) + securityEvent(4608, '', { record: 5 }));
  return texts;
}

const POLICIES = ['{}', '{"rules":{"cleartext-logon":{"exceptions":["CORP\\\\a"]}},"highValueAccounts":["CORP\\\\alice"]}', '{"forbiddenAccounts":["CORP\\\\alice"],"allowedSources":{"CORP\\\\alice":["10.0.0.0/8"]},"workingHours":{"start":"09:00","end":"17:00"}}'];

/** One case of the pure core: parse, re-parse, check, correlate, and every feature at random places. */
function coreCase(random: Random, base: string): void {
  const text = mutate(base, random);
  const doc = parseEventDocument(text);
  const edited = parseEventDocument(mutate(text, random), doc);
  computeProblems(edited);
  const docs: [string, typeof doc][] = [['file:///a.xml', doc], ['file:///b.xml', edited]];
  const index = buildSessionIndex(docs);
  const policyText = random(2) === 0 ? POLICIES[random(POLICIES.length)]! : randomPolicy(random);
  const policy = readPolicy(policyText).policy ?? {};
  evaluatePolicy(docs, index, policy);
  const names = learnSidNames(doc);
  const positions = TextDocument.create('file:///a.xml', 'xml', 1, text);
  const positionsOf = (uri: string): TextDocument | undefined => (uri === 'file:///a.xml' ? positions : TextDocument.create(uri, 'xml', 1, edited.text));
  for (let k = 0; k < 4; k++) {
    const offset = random(text.length + 2) - 1;
    doHover(positions, doc, positions.positionAt(offset), { sidNames: names, sessions: { index, uri: 'file:///a.xml' }, formatLocalTime: ms => new Date(ms).toISOString() });
    findDefinition(index, 'file:///a.xml', offset, positionsOf);
    findReferences(index, 'file:///a.xml', offset, true, positionsOf);
    findHighlights(index, 'file:///a.xml', offset, positions);
  }
  inlayHints(positions, doc, 'file:///a.xml', 0, text.length, { logonTypes: true, sids: true, logonIds: true }, names, index);
  sessionCodeLenses(index, 'file:///a.xml', positions);
  // The command line's path: pieces of any size, split and parsed event by event.
  const splitter = new EventSplitter();
  const parts = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + random(5000);
    parts.push(...splitter.push(text.slice(at, at + size)));
    for (const part of parts.splice(0)) if (part.kind === 'event') eventProblems({ offset: part.offset, record: parseEvent(splitter.text, part.start, part.end) });
    at += size;
  }
  for (const part of splitter.finish()) if (part.kind === 'event') eventProblems({ offset: part.offset, record: parseEvent(splitter.text, part.start, part.end) });
  // Policies: as a file, as a setting, and under the quick fixes.
  checkPolicyValue(safeParse(policyText));
  const diagnostic: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', code: 'cleartext-logon', source: 'logon-lens', data: { account: random(2) === 0 ? 'CORP\\alice' : mutate('CORP\\alice', random) } };
  policyCodeActions(diagnostic, { uri: 'file:///p.json', text: random(4) === 0 ? undefined : policyText, version: 1 }, { allowed: true }, id => ({ title: id, command: 'vscode.open', arguments: [id] }));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs `count` cases of the core from `seed`. */
export function fuzzCore(count: number, seed: number): FuzzReport {
  const bases = seeds();
  const report: FuzzReport = { cases: 0, crashes: [], hangs: [], slowestMs: 0, peakRssMB: 0 };
  for (let k = 0; k < count; k++) {
    const caseSeed = seed + k;
    const random = seeded(caseSeed);
    const started = performance.now();
    try {
      coreCase(random, bases[random(bases.length)]!);
    } catch (error) {
      report.crashes.push({ seed: caseSeed, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
    const ms = performance.now() - started;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (ms > HANG_MS) report.hangs.push({ seed: caseSeed, ms });
    report.cases++;
    if (k % 100 === 0) report.peakRssMB = Math.max(report.peakRssMB, process.memoryUsage().rss / 2 ** 20);
  }
  report.peakRssMB = Math.max(report.peakRssMB, process.memoryUsage().rss / 2 ** 20);
  return report;
}

export interface ServerFuzzReport extends FuzzReport {
  /** Errors the server logged as internal: an exception its handlers caught. */
  internalErrors: string[];
  /** Whether the server process was alive at the end. */
  alive: boolean;
}

/**
 * Drives the live server over stdio: mutated documents, edits out of range, and every request at
 * positions of every kind. Each answer must come within HANG_MS, and nothing may escape a handler.
 */
export async function fuzzServer(count: number, seed: number): Promise<ServerFuzzReport> {
  const bases = seeds();
  const client = new LspTestClient();
  const report: ServerFuzzReport = { cases: 0, crashes: [], hangs: [], slowestMs: 0, peakRssMB: 0, internalErrors: [], alive: true };
  await client.initialize(null, { settings: { policy: JSON.parse(POLICIES[2]!) } });
  const uri = 'file:///fuzz.xml';
  let version = 1;
  await client.open(uri, bases[0]!);
  const weird = [-1, 0, 0.5, 1, 7, 1e6, 2 ** 31, Number.MAX_SAFE_INTEGER];
  for (let k = 0; k < count; k++) {
    const caseSeed = seed + k;
    const random = seeded(caseSeed);
    const text = mutate(bases[random(bases.length)]!, random);
    const lines = text.split('\n');
    const anywhere = () => (random(4) === 0
      ? { line: weird[random(weird.length)]!, character: weird[random(weird.length)]! }
      : { line: random(lines.length), character: random((lines[random(lines.length)] ?? '').length + 2) });
    const started = performance.now();
    try {
      await client.change(uri, ++version, [{ text }]);
      await client.change(uri, ++version, [{ range: { start: anywhere(), end: anywhere() }, text: mutate('<Data Name="LogonType">5</Data>', random) }]);
      const at = anywhere();
      const range = { start: anywhere(), end: anywhere() };
      await Promise.all([
        client.hover(uri, at), client.definition(uri, at), client.references(uri, at), client.highlights(uri, at),
        client.codeLenses(uri), client.inlayHints(uri, range),
        client.codeActions(uri, range, [{ range, message: 'x', source: 'logon-lens', code: 'cleartext-logon', data: { account: 'CORP\\alice' } }]),
      ]);
    } catch (error) {
      report.crashes.push({ seed: caseSeed, error: error instanceof Error ? error.message : String(error) });
    }
    const ms = performance.now() - started;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (ms > HANG_MS) report.hangs.push({ seed: caseSeed, ms });
    report.cases++;
    if (client.exited !== undefined) break;
  }
  report.alive = client.exited === undefined;
  report.internalErrors = client.stderr.join('').split('\n').filter(line => /internal error/.test(line));
  report.internalErrors.push(...client.logged().filter(line => /internal error/.test(line)));
  if (report.alive) {
    report.peakRssMB = await client.peakRssMB();
    await client.stop();
  }
  return report;
}
