import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CHUNK_SIZE, FILE_HEADER_SIZE, readChunk } from '../../server/src/core/evtx/evtxFile';
import { FIXTURES } from '../helpers/corpus';
import type { BinXmlNode } from '../../server/src/core/evtx/binxml';
import { sharedTemplate } from '../../server/src/core/evtx/sharedTemplates';

/** <Event><Data Name='…'>%0</Data></Event>, with the name and the value's index given. */
function tree(name: string, index = 0, optional = false): BinXmlNode[] {
  const value: BinXmlNode = { kind: 'substitution', index, optional };
  const data: BinXmlNode = { kind: 'element', name: 'Data', attributes: [{ name: 'Name', value: [{ kind: 'text', text: name }] }], children: [value], substitutions: [value] };
  return [{ kind: 'element', name: 'Event', attributes: [], children: [data], substitutions: [] }];
}

describe('templates shared across chunks', () => {
  it('shares a template read again with the same GUID, size and tree, and only then', () => {
    const first = sharedTemplate('guid-a', tree('TargetUserName'));
    assert.equal(sharedTemplate('guid-a', tree('TargetUserName')), first, 'the same definition in another chunk');
    // A forged log may reuse a GUID for another tree: every difference makes a template of its own.
    for (const other of [tree('TargetDomainName'), tree('TargetUserName', 1), tree('TargetUserName', 0, true)]) {
      const template = sharedTemplate('guid-a', other);
      assert.notEqual(template, first);
      assert.equal(template.nodes, other);
    }
    assert.notEqual(sharedTemplate('guid-b', tree('TargetUserName')), first, 'another GUID');
    const empty: BinXmlNode[] = [{ kind: 'element', name: 'Event', attributes: [], children: [], substitutions: [] }];
    const closed: BinXmlNode[] = [{ kind: 'element', name: 'Event', attributes: [], children: undefined, substitutions: [] }];
    assert.notEqual(sharedTemplate('guid-c', closed), sharedTemplate('guid-c', empty), '<Event/> is not <Event></Event>');
  });

  it('never shares a template that holds an instance of another (its values are its chunk\'s)', () => {
    const nested = (): BinXmlNode[] => [{ kind: 'element', name: 'Event', attributes: [], substitutions: [], children: [{ kind: 'instance', instance: { template: { nodes: tree('X') }, values: [10, 2, 1] } }] }];
    assert.notEqual(sharedTemplate('guid-d', nested()), sharedTemplate('guid-d', nested()));
  });

  it('takes a definition in another chunk for the shared template only when it reads as its tree', () => {
    const log = fs.readFileSync(path.join(FIXTURES, 'evtx', 'pyevtx-security.evtx'));
    const chunk = (k: number): Uint8Array => new Uint8Array(log.subarray(FILE_HEADER_SIZE + k * CHUNK_SIZE, FILE_HEADER_SIZE + (k + 1) * CHUNK_SIZE));
    const xml = (bytes: Uint8Array): string[] => readChunk(bytes, 0).events.map(e => e.xml);
    const first = xml(chunk(1));
    assert.ok(first.some(x => x.includes("Name='LogonType'")), 'the chunk has logons');
    // The same chunk's bytes again: every definition is taken for the template already shared.
    assert.deepEqual(xml(chunk(1)), first);
    // A forged copy that names the field otherwise, under the same GUIDs and sizes, reads as it says.
    const forged = chunk(1);
    const from = Buffer.from('LogonType', 'utf16le');
    let changed = 0;
    for (let at = forged.indexOf(from[0]!); at >= 0; at = forged.indexOf(from[0]!, at + 1)) {
      if (Buffer.compare(Buffer.from(forged.subarray(at, at + from.length)), from) === 0) {
        forged[at + from.length - 2] = 0x66; // LogonTypf
        changed++;
      }
    }
    assert.ok(changed > 0);
    const read = xml(forged);
    assert.ok(read.some(x => x.includes("Name='LogonTypf'")) && !read.some(x => x.includes("Name='LogonType'")), 'the forged names, not the shared ones');
    // And the real chunk after it reads as before.
    assert.deepEqual(xml(chunk(1)), first);
  });
});
