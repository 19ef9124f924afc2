/**
 * Reproducible damage to event XML and policy files: what a fuzzer feeds Logon Lens. Each
 * mutation is one kind of harm real or hostile data does; `mutate` applies one to three of them.
 */

export type Random = (n: number) => number;

/** A seeded generator (LCG): the same seed gives the same cases, so a failure can be replayed. */
export function seeded(seed: number): Random {
  let state = seed >>> 0 || 1;
  return n => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return n <= 0 ? 0 : Math.floor((state / 0x1_0000_0000) * n);
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[random(items.length)]!;

const UNICODE = ['\u0000', '\u0007', '\u001b[2J', '\r', '\r\n', '\u202E', '\u200B', '\uFEFF', '\uD800', '\uDC00', '\uD83D\uDE00', '\u2028', 'é', '日本', '\uFFFD', '\uFFFF'];
const MARKUP = ['<', '>', '/', '=', '"', "'", '&', ';', '&amp;', '&#0;', '&#x110000;', '&#xD800;', '&lt;', '&bogus;', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;'];
const TAGS = ['<Event>', '</Event>', '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">', '<System>', '</System>', '<EventData>', '</EventData>', '<Data Name="TargetLogonId">', '</Data>', '<Data Name="LogonType">', '<Computer>', '</Computer>', '<TimeCreated SystemTime="', '<EventID>4624</EventID>', '<EventID>4608</EventID>', '<EventID>1100</EventID>'];

type Mutation = (text: string, random: Random) => string;

const MUTATIONS: readonly Mutation[] = [
  // byte flips
  (t, r) => { const at = r(t.length); return t.slice(0, at) + String.fromCharCode(t.charCodeAt(at) ^ (1 << r(7))) + t.slice(at + 1); },
  // truncation
  (t, r) => t.slice(0, r(t.length + 1)),
  // duplicate a tag or a span
  (t, r) => { const at = r(t.length); const len = 1 + r(200); return t.slice(0, at + len) + t.slice(at, at + len) + t.slice(at + len); },
  // remove a span (a tag, usually)
  (t, r) => { const lt = t.indexOf('<', r(t.length)); if (lt < 0) return t; const gt = t.indexOf('>', lt); return t.slice(0, lt) + t.slice(gt < 0 ? lt + 1 : gt + 1); },
  // insert markup, quotes, entities
  (t, r) => { const at = r(t.length); return t.slice(0, at) + pick(r, MARKUP) + t.slice(at); },
  // insert a whole tag
  (t, r) => { const at = r(t.length); return t.slice(0, at) + pick(r, TAGS) + t.slice(at); },
  // random Unicode, controls and lone surrogates
  (t, r) => { const at = r(t.length); return t.slice(0, at) + pick(r, UNICODE) + t.slice(at); },
  // a giant value
  (t, r) => { const at = t.indexOf('>', r(t.length)); if (at < 0) return t; return t.slice(0, at + 1) + pick(r, ['A', '0x1', 'S-1-5-21-', '\u202E', '&amp;']).repeat(1000 + r(200_000)) + t.slice(at + 1); },
  // deep nesting
  (t, r) => { const at = t.indexOf('<EventData>', r(t.length)); if (at < 0) return t; const depth = 10 + r(5000); return t.slice(0, at) + '<x>'.repeat(depth) + '</x>'.repeat(depth) + t.slice(at); },
  // a Logon ID, an ID or a time changed to another plausible one
  (t, r) => t.replace(pick(r, [/0x[0-9a-f]+/i, /<EventID>\d+/, /\d{4}-\d\d-\d\dT/, /"LogonType">\d+/]), m => m.replace(/\d(?=\D*$)/, String(r(10)))),
];

export function mutate(text: string, random: Random): string {
  let result = text;
  for (let k = 0, n = 1 + random(3); k < n; k++) result = pick(random, MUTATIONS)(result, random);
  return result;
}

const POLICY_VALUES = ['null', 'true', '0', '-1', '1e999', '"x"', '""', '[]', '{}', '["CORP\\\\a"]', '[1,2]', '{"a":[1]}', '"10.0.0.0/"', '"::/0"', '"\\u202E"', '[[[[[[[[]]]]]]]]'];
const POLICY_KEYS = ['rules', 'privileged', 'allowedLogonTypes', 'workingHours', 'allowedSources', 'highValueAccounts', 'forbiddenAccounts', 'knownDomains', 'requireRestrictedAdmin', 'admins', '__proto__', 'constructor', 'start', 'end', 'days', 'timeZone', 'exceptions', 'severity', 'cleartext-logon', 'accounts', 'groupSids', 'trustSpecialPrivileges'];

/** A random policy: plausible keys with values of every JSON type, nested, sometimes broken. */
export function randomPolicy(random: Random, depth = 0): string {
  if (depth > 3 || random(3) === 0) return pick(random, POLICY_VALUES);
  if (random(4) === 0) return `[${Array.from({ length: random(4) }, () => randomPolicy(random, depth + 1)).join(',')}]`;
  const entries = Array.from({ length: random(5) }, () => `${JSON.stringify(pick(random, POLICY_KEYS))}:${randomPolicy(random, depth + 1)}`);
  const text = `{${entries.join(',')}}`;
  return random(8) === 0 ? mutate(text, random) : text;
}
