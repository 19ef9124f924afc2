import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root (tests run from out/test/...; samples live beside package.json). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SAMPLES = path.join(ROOT, 'samples');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export const REAL_FILES: readonly { name: string; events: number }[] = [
  { name: 'pyevtx-security.xml', events: 2261 },
  { name: 'velocidex-security.xml', events: 739 },
  { name: 'omer-Security_with_size_t.xml', events: 636 },
  { name: 'omer-post-Security.xml', events: 126 },
  { name: 'omer-Security_short_selected.xml', events: 7 },
  { name: 'omer-new-user-security.xml', events: 4 },
];

export function readSample(name: string): string {
  return fs.readFileSync(path.join(SAMPLES, name), 'utf8');
}

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/**
 * The other shapes real exports come in, made from the pretty evtxexport shape of the corpus.
 * Values never change between shapes; only the markup around them does.
 */
export const SHAPES: Readonly<Record<string, (pretty: string) => string>> = {
  pretty: text => text,
  // wevtutil qe /f:xml and Get-WinEvent ToXml(): one event per line, single quotes.
  compactSingleQuoted: text =>
    text
      .replace(/>\n\s*</g, '><')
      .replace(/<[^>]+>/g, tag => tag.replace(/"/g, "'"))
      .replace(/<\/Event><Event/g, '</Event>\n<Event'),
  // Event Viewer's "Save as XML": a standalone declaration and an <Events> root.
  eventViewer: text =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Events>${text.replace(/>\n\s*</g, '><')}</Events>`,
  crlf: text => text.replace(/\r?\n/g, '\r\n'),
  bom: text => `\uFEFF${text}`,
};

/** Splits a cursor-marked fixture: `<Data Name="LogonType">|5</Data>` -> text without '|', offset of '|'. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | cursor');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Wraps Data fields in a minimal, well-formed Security event. */
export function securityEvent(id: number, data: string, options: { computer?: string; time?: string; record?: number; provider?: string } = {}): string {
  const provider = options.provider ?? 'Microsoft-Windows-Security-Auditing';
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="${provider}" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/>
    <EventID>${id}</EventID>
    <Version>2</Version>
    <TimeCreated SystemTime="${options.time ?? '2024-03-01T10:00:00.000000000Z'}"/>
    <EventRecordID>${options.record ?? 1}</EventRecordID>
    <Channel>Security</Channel>
    <Computer>${options.computer ?? 'WS01.corp.example.com'}</Computer>
    <Security/>
  </System>
  <EventData>
${data}
  </EventData>
</Event>
`;
}

/**
 * Damaged copies of a text, reproducibly: each deletes, inserts or replaces a few characters
 * (markup characters, controls, CR/LF) at random places.
 */
export function* damagedCopies(original: string, count: number, seed: number): Generator<string> {
  let state = seed;
  const random = (n: number): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
  const alphabet = '<>/="\'&;!?[]- \r\n\u0000\u0003\uFFFDEventData';
  for (let round = 0; round < count; round++) {
    let text = original;
    for (let k = 0; k < 1 + random(4); k++) {
      const at = random(text.length);
      const op = random(3);
      const insert = alphabet[random(alphabet.length)]!;
      text = op === 0 ? text.slice(0, at) + text.slice(at + 1 + random(20)) : op === 1 ? text.slice(0, at) + insert + text.slice(at) : text.slice(0, at) + insert + text.slice(at + 1);
    }
    yield text;
  }
}
