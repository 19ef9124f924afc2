import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
