/** An address as events write it, an IPv4-mapped one (`::ffff:10.0.0.7`, as Kerberos events write it) as IPv4. */
export function plainAddress(text: string): string {
  return text.trim().replace(/^::ffff:/i, '');
}

/** An IP address as a number and its family, or undefined if the text is not one. */
function parseIp(text: string): { bits: bigint; width: 32 | 128 } | undefined {
  const t = text.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t);
  if (v4 !== null) {
    const octets = v4.slice(1).map(Number);
    if (octets.some(o => o > 255)) return undefined;
    return { bits: octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n), width: 32 };
  }
  if (!t.includes(':')) return undefined;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(t);
  if (mapped !== null) return parseIp(mapped[1]!);
  const [head, tail, ...more] = t.split('::');
  if (more.length > 0) return undefined;
  const groups = (part: string | undefined): string[] => (part === undefined || part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return undefined;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (all.length !== 8 || all.some(g => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return { bits: all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

/** Whether `address` lies in `range` ("10.0.0.0/8", "fe80::/10", or a single address). */
export function inCidr(address: string, range: string): boolean {
  return inAnyCidr(address, [range]);
}

/** Whether `address` lies in any of `ranges` (see inCidr): the address is read once. */
export function inAnyCidr(address: string, ranges: readonly string[]): boolean {
  let ip: ReturnType<typeof parseIp> | null = null;
  for (const range of ranges) {
    const net = parseRange(range);
    if (net === undefined) continue;
    if (ip === null) ip = parseIp(address);
    if (ip === undefined) return false;
    if (ip.width !== net.width) continue;
    const shift = BigInt(net.width - net.prefix);
    if (ip.bits >> shift === net.bits >> shift) return true;
  }
  return false;
}

/** Ranges read so far: a policy names a few, and each is asked of every logon. */
const ranges = new Map<string, { bits: bigint; width: 32 | 128; prefix: number } | undefined>();

function parseRange(range: string): { bits: bigint; width: 32 | 128; prefix: number } | undefined {
  if (ranges.has(range)) return ranges.get(range);
  const [base, prefixText] = range.trim().split('/');
  const net = parseIp(base ?? '');
  let parsed: { bits: bigint; width: 32 | 128; prefix: number } | undefined;
  if (net !== undefined && (prefixText === undefined || /^\d{1,3}$/.test(prefixText.trim()))) {
    const prefix = prefixText === undefined ? net.width : Number(prefixText);
    if (prefix <= net.width) parsed = { ...net, prefix };
  }
  if (ranges.size >= 1024) ranges.clear(); // a bound: ranges come from policies, but a policy is input too
  ranges.set(range, parsed);
  return parsed;
}

/**
 * Whether `range` is an address with an optional "/" and a decimal prefix length that fits it.
 * Strict on purpose: a lenient reading of "10.1.2.3/" as /0 would allow every address.
 */
export function isValidCidr(range: string): boolean {
  const slash = range.indexOf('/');
  const base = slash < 0 ? range : range.slice(0, slash);
  const net = parseIp(base);
  if (net === undefined) return false;
  if (slash < 0) return true;
  const prefix = range.slice(slash + 1);
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= net.width;
}

export function isIpAddress(text: string): boolean {
  return parseIp(text) !== undefined;
}
