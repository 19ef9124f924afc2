import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventInfo, SECURITY_PROVIDER } from '../../server/src/core/knowledge/eventCatalog';
import { insertionCode } from '../../server/src/core/knowledge/insertionCodes';
import { parseLogonId, WELL_KNOWN_LOGON_IDS } from '../../server/src/core/knowledge/logonIds';
import { LOGON_TYPES } from '../../server/src/core/knowledge/logonTypes';
import { describeSid, isValidSid, WELL_KNOWN_SIDS } from '../../server/src/core/knowledge/sids';
import { statusCode } from '../../server/src/core/knowledge/statusCodes';

describe('knowledge tables', () => {
  it('cover logon types 0 and 2–13, and no others', () => {
    assert.deepEqual(LOGON_TYPES.map(t => t.value), [0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('read Logon IDs as numbers whatever their spelling', () => {
    for (const spelling of ['0x5a1f0', '0x000000000005A1F0', '369136', ' 0X5A1F0 ']) assert.equal(parseLogonId(spelling), 0x5a1f0, spelling);
    for (const bad of ['', '-', '0x', 'xyz', '0x1ffffffffffffffff']) assert.equal(parseLogonId(bad), undefined, bad);
    assert.deepEqual(WELL_KNOWN_LOGON_IDS.map(l => l.value).sort((a, b) => a - b), [0x0, 0x3e4, 0x3e5, 0x3e6, 0x3e7]);
  });

  it('know every event DOMAIN lists, keyed by provider', () => {
    for (const id of [4608, 4609, 4624, 4625, 4627, 4634, 4647, 4648, 4672, 4688, 4778, 4779]) {
      assert.ok(eventInfo(SECURITY_PROVIDER, id), `${id}`);
    }
    for (let id = 4720; id <= 4767; id++) if (![4721, 4736].includes(id)) assert.ok(eventInfo(SECURITY_PROVIDER, id), `${id}`);
    assert.equal(eventInfo('Microsoft-Windows-Eventlog', 1100)?.title, 'The event logging service has shut down.');
    assert.equal(eventInfo(SECURITY_PROVIDER, 1100), undefined);
    assert.equal(eventInfo('Some-Other-Provider', 4624), undefined);
  });

  it('describe SIDs by value, pattern and RID, and validate their grammar', () => {
    assert.equal(Object.keys(WELL_KNOWN_SIDS).every(isValidSid), true);
    assert.deepEqual(describeSid('s-1-5-18'), { kind: 'well-known', fact: WELL_KNOWN_SIDS['S-1-5-18'] });
    assert.equal(describeSid('S-1-5-90-0-4').kind, 'pattern');
    const admin = describeSid('S-1-5-21-3623811015-3361044348-30300820-500');
    assert.equal(admin.kind === 'domain' && admin.ridFact?.administrative, true);
    for (const bad of ['S-1', 'S-1-5-', 'S-2-5-18', 'S-1-5-4294967296', 'S-1-5-21-1-9999999999-3', 'S-1-5-18 ']) assert.equal(isValidSid(bad), false, bad);
    // Sub-authorities up to 2^32 - 1, with any number of digits; a 13-digit authority is fine.
    for (const good of ['S-1-5-21-4294967295-1-2-500', 'S-1-5-0999999999', 'S-1-1000000000000-1', 'S-1-0x000000000005-18']) assert.equal(isValidSid(good), true, good);
  });

  it('read status and %% codes case-insensitively', () => {
    assert.equal(statusCode('0xc000006a')?.entry?.code, statusCode('0xC000006A')?.entry?.code);
    assert.match(statusCode('0xC0000234')!.entry!.meaning, /locked/);
    assert.equal(insertionCode('%%1843')?.entry?.text, 'No');
    assert.equal(insertionCode('%%99999')?.entry, undefined);
    assert.equal(insertionCode('1843'), undefined);
  });
});
