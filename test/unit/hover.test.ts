import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { doHover } from '../../server/src/core/features/hover';
import { learnSidNames } from '../../server/src/core/features/learnedNames';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { cursor, readFixture, readSample, securityEvent, SHAPES } from '../helpers/corpus';

/** The hover's markdown and the text its range covers, at `offset`. */
function hoverAt(text: string, offset: number): { markdown: string; covers: string } | null {
  const textDocument = TextDocument.create('file:///security.xml', 'xml', 1, text);
  const doc = parseEventDocument(text);
  const hover = doHover(textDocument, doc, textDocument.positionAt(offset), {
    sidNames: learnSidNames(doc),
    formatLocalTime: ms => `local(${new Date(ms).toISOString()})`,
  });
  if (hover === null) return null;
  const markdown = (hover.contents as { value: string }).value;
  return { markdown, covers: textDocument.getText(hover.range!) };
}

/** Hover inside the value of the first `<Data Name="name">` (either quote) whose value matches `value`. */
function hoverOnData(text: string, name: string, value: RegExp, inner = 1): { markdown: string; covers: string } | null {
  const pattern = new RegExp(`Name=["']${name}["']>(${value.source})<`, 'g');
  const m = pattern.exec(text);
  assert.ok(m !== null, `a ${name} matching ${value} in the text`);
  return hoverAt(text, m.index + m[0].indexOf('>') + 1 + inner);
}

function marked(markedText: string): { markdown: string; covers: string } | null {
  const { text, offset } = cursor(markedText);
  return hoverAt(text, offset);
}

describe('hovers on hand-made events', () => {
  it('explains every logon type, with the security note where one applies', () => {
    const expected: [string, RegExp][] = [
      ['0', /Logon type 0: System/], ['2', /Interactive/], ['3', /Network\*\*/], ['4', /Batch[\s\S]*never log on as Batch/],
      ['5', /Service[\s\S]*never log on as Service/], ['7', /Unlock/], ['8', /NetworkCleartext[\s\S]*clear text/],
      ['9', /NewCredentials[\s\S]*runas \/netonly/], ['10', /RemoteInteractive[\s\S]*RestrictedAdminMode/],
      ['11', /CachedInteractive/], ['12', /CachedRemoteInteractive/], ['13', /CachedUnlock/],
      ['6', /Logon type 6: unknown/], ['42', /Logon type 42: unknown/],
    ];
    for (const [value, pattern] of expected) {
      const hover = marked(securityEvent(4624, `<Data Name="LogonType">|${value}</Data>`));
      assert.match(hover!.markdown, pattern, `LogonType ${value}`);
      assert.equal(hover!.covers, value);
      assert.match(hover!.markdown, /\(https:\/\/learn\.microsoft\.com\/.*event-4624/);
    }
  });

  it('explains Logon IDs in hex and decimal, and well-known ones', () => {
    assert.match(marked(securityEvent(4634, '<Data Name="TargetLogonId">0x1a|0992</Data>'))!.markdown, /Logon ID 0x1a0992\*\* \(decimal 1706386\)/);
    assert.match(marked(securityEvent(4672, '<Data Name="SubjectLogonId">0x00000000000003E|7</Data>'))!.markdown, /0x3e7\*\* \(decimal 999\)[\s\S]*SYSTEM/);
    assert.match(marked(securityEvent(4624, '<Data Name="TargetLinkedLogonId">|0x0</Data>'))!.markdown, /No session/);
    assert.match(marked(securityEvent(4779, '<Data Name="LogonID">|0x3e4</Data>'))!.markdown, /NETWORK SERVICE/);
    assert.match(marked(securityEvent(4634, '<Data Name="TargetLogonId">|369136</Data>'))!.markdown, /0x5a1f0/);
  });

  it('explains SIDs: well-known, patterns, domain RIDs, names learned from the data, and malformed ones', () => {
    assert.match(marked(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-|90-0-1</Data>'))!.markdown, /DWM-1/);
    assert.match(marked(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-|96-0-3</Data>'))!.markdown, /UMFD-3/);
    assert.match(marked(securityEvent(4624, '<Data Name="TargetUserSid">|S-1-5-80-123-456-789-1011-1213</Data>'))!.markdown, /NT SERVICE/);
    const withName = marked(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-21-1-2-3-|512</Data><Data Name="TargetUserName">bob</Data><Data Name="TargetDomainName">CORP</Data>'));
    assert.match(withName!.markdown, /RID 512: \*\*Domain Admins\*\* \(administrative\)/);
    assert.match(withName!.markdown, /`CORP\\bob` \(1 event\)/);
    assert.match(marked(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-21-1-2-3-|1104</Data>'))!.markdown, /RID 1104: an account or group created/);
    assert.match(marked(securityEvent(4624, '<Data Name="TargetUserSid">S-1-|5-oops</Data>'))!.markdown, /not a valid SID/);
    const userId = securityEvent(4688, '<Data Name="A">1</Data>').replace('<Security/>', '<Security UserID="S-1-5-18"/>');
    const offset = userId.indexOf('S-1-5-18') + 2;
    assert.match(hoverAt(userId, offset)!.markdown, /SYSTEM/);
  });

  it('explains each SID of a 4627 GroupMembership on its own', () => {
    const hover = marked(securityEvent(4627, '<Data Name="GroupMembership">\n\t\t%{S-1-5-32-544}\n\t\t%{S-1-5-21-1-2-3-5|12}\n</Data>'));
    assert.match(hover!.markdown, /Domain Admins/);
    assert.equal(hover!.covers, 'S-1-5-21-1-2-3-512');
  });

  it('explains EventIDs by provider', () => {
    assert.match(marked(securityEvent(4624, '').replace('<EventID>4624', '<EventID>46|24'))!.markdown, /4624: An account was successfully logged on\.\*\*\n\nLogon\/Logoff › Logon/);
    const other = marked(securityEvent(4625, '', { provider: 'Contoso-App' }).replace('<EventID>4625', '<EventID>|4625'));
    assert.match(other!.markdown, /catalog does not apply: Contoso-App/);
    const hostile = marked(securityEvent(4625, '', { provider: 'x](https://attacker.example/b.png) ![b' }).replace('<EventID>4625', '<EventID>|4625'));
    assert.doesNotMatch(hostile!.markdown, /\]\(https/, 'the provider is text, not a link');
    const eventlog = marked(securityEvent(1102, '', { provider: 'Microsoft-Windows-Eventlog' }).replace('<EventID>1102', '<EventID>|1102'));
    assert.match(eventlog!.markdown, /The audit log was cleared/);
  });

  it('explains %% codes and status codes, case-insensitively', () => {
    assert.match(marked(securityEvent(4624, '<Data Name="ElevatedToken">%%18|42</Data>'))!.markdown, /%%1842: Yes/);
    assert.match(marked(securityEvent(4625, '<Data Name="FailureReason">|%%2313</Data>'))!.markdown, /Unknown user name or bad password/);
    assert.match(marked(securityEvent(4625, '<Data Name="SubStatus">0xC000006|A</Data>'))!.markdown, /0xC000006A: User logon with misspelled or bad password/);
    assert.match(marked(securityEvent(4625, '<Data Name="Status">0xc000006|d</Data>'))!.markdown, /generic code, and this event has no SubStatus that says more/);
    const generic = marked(securityEvent(4625, '<Data Name="Status">0xc000006|d</Data><Data Name="SubStatus">0xC0000064</Data>'))!.markdown;
    assert.match(generic, /This event's SubStatus says why: \*\*0xC0000064\*\*, user logon with misspelled or bad user account\./);
    assert.doesNotMatch(generic, /The reason is in SubStatus/, 'said once, not twice');
    const none = marked(securityEvent(4625, '<Data Name="Status">0xC000006D</Data><Data Name="SubStatus">0x|0</Data>'))!.markdown;
    assert.match(none, /^\*\*0x00000000: no sub-status\*\*/);
    assert.doesNotMatch(none, /Success/);
    const ntlm = marked(securityEvent(4776, '<Data Name="Status">0xC000006|A</Data>'))!.markdown;
    assert.match(ntlm, /\[Microsoft: 4776 error codes\]\(.*event-4776\)/);
    const list = marked(securityEvent(4663, '<Data Name="AccessList">%%1537\n\t\t\t\t%%15|38</Data>'));
    assert.equal(list!.covers, '%%1538');
    assert.match(list!.markdown, /not in Logon Lens’s table/);
  });

  it('shows TimeCreated in UTC and local time, with the gap to the previous event of the same computer', () => {
    const text = securityEvent(4624, '', { time: '2024-03-01T10:00:00.0000000Z', record: 1 })
      + securityEvent(4624, '', { time: '2024-03-01T10:00:00.0000000Z', record: 2, computer: 'OTHER' })
      + securityEvent(4634, '', { time: '2024-03-01T10:02:05.5000000Z', record: 3 });
    const last = text.lastIndexOf('2024-03-01T10:02');
    const hover = hoverAt(text, last + 3)!;
    assert.match(hover.markdown, /\*\*2024-03-01 10:02:05\.5 UTC\*\*/);
    assert.match(hover.markdown, /local\(2024-03-01T10:02:05\.500Z\)/);
    assert.match(hover.markdown, /2 min 6 s after the previous event of `WS01\.corp\.example\.com` \(record 1\)/);
    assert.match(hoverAt(text, text.indexOf('2024-03-01T10:00') + 2)!.markdown, /first event of/);
  });

  it('says nothing outside values and outside events', () => {
    const { text, offset } = cursor(securityEvent(4624, '<Data Name="Logon|Type">5</Data>'));
    assert.equal(hoverAt(text, offset), null);
    assert.equal(hoverAt(`<!-- x -->${text}`, 3), null);
  });
});

describe('hovers on the real corpus, in every shape', () => {
  const velocidex = readSample('velocidex-security.xml');
  const pyevtx = readSample('pyevtx-security.xml');
  for (const [shape, reshape] of Object.entries(SHAPES)) {
    it(`answers every kind of hover (${shape})`, () => {
      const v = reshape(velocidex);
      assert.match(hoverOnData(v, 'LogonType', /5/, 0)!.markdown, /Logon type 5: Service/);
      assert.match(hoverOnData(v, 'SubjectUserSid', /S-1-5-18/)!.markdown, /NT AUTHORITY\\SYSTEM/);
      const learned = hoverOnData(v, 'SubjectUserSid', /S-1-5-21-546003962-2713609280-610790815-1001/)!;
      assert.match(learned.markdown, /`TESTCOMPUTER\\test` \(\d+ events\)/);
      assert.match(hoverOnData(v, 'TargetLogonId', /0x00000000000003e7/)!.markdown, /Logon ID 0x3e7\*\* \(decimal 999\)/);
      assert.match(hoverOnData(v, 'ElevatedToken', /%%1842/)!.markdown, /%%1842: Yes/);
      assert.match(hoverOnData(v, 'SubStatus', /0xc000006a/)!.markdown, /misspelled or bad password/);
      assert.match(hoverOnData(v, 'FailureReason', /%%2313/)!.markdown, /Unknown user name or bad password/);
      const group = v.indexOf('%{S-1-5-32-544}');
      assert.match(hoverAt(v, group + 4)!.markdown, /BUILTIN\\Administrators/);
      const eventId = v.indexOf('<EventID>4648</EventID>') + '<EventID>'.length;
      assert.match(hoverAt(v, eventId + 1)!.markdown, /4648: A logon was attempted using explicit credentials/);
      const time = v.indexOf('2019-02-06T14:18:35.946088000Z');
      assert.match(hoverAt(v, time + 1)!.markdown, /2019-02-06 14:18:35\.946088 UTC[\s\S]*42\.6 s after the previous event of `TestComputer` \(record 31878\)/);

      const p = reshape(pyevtx);
      assert.match(hoverOnData(v, 'TargetUserSid', /S-1-5-90-0-1/)!.markdown, /Window Manager\\DWM-1/);
      assert.match(hoverOnData(p, 'LogonType', /2/, 0)!.markdown, /Logon type 2: Interactive/);
    });
  }

  it('answers on the hand-made Event Viewer shape with RenderingInfo', () => {
    const text = readFixture('handmade-shapes.xml');
    assert.match(hoverOnData(text, 'Status', /0xC000006D/)!.markdown, /generic/);
    assert.match(hoverOnData(text, 'TokenElevationType', /%%1937/)!.markdown, /elevated token/);
  });
});

describe('names learned for SIDs', () => {
  const subject = (sid: string, user: string, domain: string, computer: string, record: number): string =>
    securityEvent(4624, `<Data Name="SubjectUserSid">${sid}</Data><Data Name="SubjectUserName">${user}</Data><Data Name="SubjectDomainName">${domain}</Data>`, { computer, record });
  const failed = (user: string, computer: string, record: number): string =>
    securityEvent(4625, `<Data Name="TargetUserSid">S-1-0-0</Data><Data Name="TargetUserName">${user}</Data><Data Name="TargetDomainName">.</Data>`, { computer, record });

  it('names a well-known SID after the computer it is seen on, never after another host', () => {
    const text = subject('S-1-5-18', 'WIN-OTHER$', 'WORKGROUP', 'WIN-OTHER', 1) + subject('S-1-5-18', 'TESTCOMPUTER$', 'CORP', 'TestComputer', 2);
    const first = hoverOnData(text, 'SubjectUserSid', /S-1-5-18/)!.markdown;
    assert.match(first, /`WORKGROUP\\WIN-OTHER\$`/);
    assert.doesNotMatch(first, /TESTCOMPUTER/);
    const second = hoverAt(text, text.lastIndexOf('S-1-5-18') + 2)!.markdown;
    assert.match(second, /`CORP\\TESTCOMPUTER\$`/);
    assert.doesNotMatch(second, /WIN-OTHER/);
  });

  it('never names the NULL SID or ANONYMOUS LOGON after the names failed logons tried', () => {
    const text = failed('Administrator', 'WS01', 1) + failed('admin', 'WS01', 2);
    const markdown = hoverOnData(text, 'TargetUserSid', /S-1-0-0/)!.markdown;
    assert.match(markdown, /NULL SID|Nobody/i);
    assert.doesNotMatch(markdown, /Seen in these events/);
  });

  it('calls RID 513 None for a standalone computer\'s own accounts, and Domain Users otherwise', () => {
    const local = subject('S-1-5-21-1-2-3-1001', 'fsir', 'WS01', 'WS01', 1) + securityEvent(4627, '<Data Name="GroupMembership">%{S-1-5-21-1-2-3-513}</Data>', { computer: 'WS01', record: 2 });
    const localHover = hoverAt(local, local.indexOf('S-1-5-21-1-2-3-513') + 3)!.markdown;
    assert.match(localHover, /RID 513: \*\*None\*\*/);
    const domain = subject('S-1-5-21-9-8-7-1001', 'alice', 'CORP', 'WS01.corp.example.com', 1) + securityEvent(4627, '<Data Name="GroupMembership">%{S-1-5-21-9-8-7-513}</Data>', { computer: 'WS01.corp.example.com', record: 2 });
    assert.match(hoverAt(domain, domain.indexOf('S-1-5-21-9-8-7-513') + 3)!.markdown, /RID 513: \*\*Domain Users\*\* \(called None on a standalone or workgroup computer\)/);
  });
});

describe('values from the data are text, never markup', () => {
  const hostile = 'bob` ![b](https://attacker.example/b.png) `\n# Privileged: yes\u202E<img src=x>';
  const event = securityEvent(4624, [
    '<Data Name="SubjectUserSid">S-1-5-18</Data>', `<Data Name="SubjectUserName">${hostile.replace(/</g, '&lt;')}</Data>`,
    '<Data Name="SubjectDomainName">CORP</Data>', '<Data Name="LogonType">1`![x](https://a.example/x.png)</Data>',
    '<Data Name="TargetLogonId">0x12`![x](https://a.example/x.png)</Data>',
  ].join(''), { computer: 'WS`![c](https://a.example/c.png)', provider: 'P`![p](https://a.example/p.png)' })
    .replace('<TimeCreated SystemTime="', '<TimeCreated SystemTime="![t](https://a.example/t.png)');

  /** Markdown that, rendered, would show an image, a link, a heading, or raw HTML. */
  const rendersMarkup = (markdown: string): boolean => {
    // Remove what is inert: escaped characters, and code spans (whose fences the helper chose).
    const inert = markdown.replace(/\\./g, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    return /!\[|\]\(|^#|<img|\u202E|\n# /m.test(inert.replace(/\[Microsoft[^\]]*\]\([^)]*\)/g, ''));
  };

  for (const [name, at] of [
    ['SID names', 'S-1-5-18'], ['LogonType', '"LogonType">1'], ['Logon ID', '"TargetLogonId">0x12'],
    ['EventID', '<EventID>4'], ['TimeCreated', '![t]'],
  ] as const) {
    it(`escapes the ${name} hover`, () => {
      const offset = event.indexOf(at) + at.length - 1;
      const hover = hoverAt(event, offset);
      assert.ok(hover !== null, name);
      assert.equal(rendersMarkup(hover.markdown), false, hover.markdown);
      assert.doesNotMatch(hover.markdown, /\u202E/);
    });
  }
});

describe('hovers on Kerberos, NTLM and account fields', () => {
  const ticket = securityEvent(4769, [
    '<Data Name="TargetUserName">alice@CORP.EXAMPLE.COM</Data>',
    '<Data Name="ServiceName">svc_sql</Data>',
    '<Data Name="TicketOptions">0x40810000</Data>',
    '<Data Name="TicketEncryptionType">0x17</Data>',
  ].join('\n'));
  const tgt = securityEvent(4768, '<Data Name="TargetUserName">bob</Data><Data Name="PreAuthType">0</Data><Data Name="TicketEncryptionType">0x12</Data>');
  const netonly = securityEvent(4624, '<Data Name="TargetUserName">alice</Data><Data Name="LogonType">9</Data><Data Name="LmPackageName">NTLM V1</Data><Data Name="TargetOutboundUserName">administrator</Data><Data Name="TargetOutboundDomainName">CORP</Data>');

  it('says what an encryption type, a pre-authentication type and ticket options mean, with their risk', () => {
    const rc4 = hoverOnData(ticket, 'TicketEncryptionType', /0x17/);
    assert.equal(rc4?.covers, '0x17');
    assert.match(rc4!.markdown, /^\*\*Ticket encryption 0x17: RC4-HMAC\*\*[\s\S]*Kerberoasting[\s\S]*event-4769/);
    assert.match(hoverOnData(tgt, 'TicketEncryptionType', /0x12/)!.markdown, /AES256-CTS-HMAC-SHA1-96[\s\S]*event-4768/);
    assert.match(hoverOnData(tgt, 'PreAuthType', /0/, 0)!.markdown, /Pre-authentication type 0: none[\s\S]*AS-REP roasting/);
    assert.match(hoverOnData(ticket, 'TicketOptions', /0x40810000/)!.markdown, /Set: forwardable, renewable, canonicalize\./);
  });

  it('says what NTLM version was used and whose account a field names', () => {
    assert.match(hoverOnData(netonly, 'LmPackageName', /NTLM V1/)!.markdown, /NTLM V1[\s\S]*easily cracked/);
    assert.match(hoverOnData(netonly, 'TargetOutboundUserName', /administrator/)!.markdown, /^\*\*Outbound account: `administrator`\*\*[\s\S]*NewCredentials \(9\)/);
    assert.match(hoverOnData(netonly, 'TargetOutboundDomainName', /CORP/)!.markdown, /^\*\*Outbound domain: `CORP`\*\*/);
    assert.match(hoverOnData(ticket, 'TargetUserName', /alice@CORP\.EXAMPLE\.COM/)!.markdown, /asked for the service ticket/);
    assert.match(hoverOnData(ticket, 'ServiceName', /svc_sql/)!.markdown, /Kerberoasting/);
  });
});
