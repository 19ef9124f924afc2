import { eventInfo, isCatalogProvider } from '../knowledge/eventCatalog';
import { insertionCode } from '../knowledge/insertionCodes';
import { parseLogonId, wellKnownLogonId, WELL_KNOWN_LOGON_IDS_SOURCE } from '../knowledge/logonIds';
import { LOGON_TYPES_SOURCE, logonType, UNUSED_LOGON_TYPES } from '../knowledge/logonTypes';
import { describeSid, DOMAIN_RIDS_SOURCE, isValidSid } from '../knowledge/sids';
import { statusCode, STATUS_CODES_SOURCE } from '../knowledge/statusCodes';
import { eventPage, SOURCES } from '../knowledge/sources';
import { accountField, FieldValueInfo, lmPackage, preAuthType, ticketEncryption, ticketOptions } from '../knowledge/fieldValues';
import { markdownCode, markdownText } from '../text/display';

/**
 * Markdown explanations of single values, from the knowledge tables. Hovers use them, and so can
 * any other face (the command line's `explain`). Each is short: a bold headline, a sentence or
 * two, and the source.
 */

const link = (label: string, url: string): string => `[${label}](${url})`;

export function explainLogonType(text: string): string {
  const value = /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN;
  const type = logonType(value);
  if (type === undefined) {
    const why = UNUSED_LOGON_TYPES.includes(value) ? 'Windows defines no logon type with this value.' : 'This is not one of the logon types Windows writes (0, 2–5, 7–13).';
    return `**Logon type ${markdownText(text.trim())}: unknown**\n\n${why}\n\n${link('Microsoft: logon types', LOGON_TYPES_SOURCE)}`;
  }
  const note = type.securityNote === undefined ? '' : `\n\n**Security note:** ${type.securityNote}`;
  return `**Logon type ${type.value}: ${type.name}**\n\n${type.meaning}${note}\n\n${link('Microsoft: logon types', LOGON_TYPES_SOURCE)}`;
}

/**
 * `names` are the accounts this SID appears with in the loaded events of the same computer or
 * domain, most frequent first; `machineLocal` says the SID's domain is a standalone computer's own.
 */
export function explainSid(sid: string, { names = [], machineLocal = false }: { names?: readonly [string, number][]; machineLocal?: boolean } = {}): string {
  const trimmed = sid.trim();
  if (!isValidSid(trimmed)) {
    return `**${trimmed === '' ? '(empty)' : markdownText(trimmed)}: not a valid SID**\n\nA SID is written \`S-1-<authority>-<sub-authority>…\`, for example \`S-1-5-18\`.`;
  }
  const parts: string[] = [];
  const description = describeSid(trimmed);
  switch (description.kind) {
    case 'well-known':
    case 'pattern': {
      parts.push(`**${trimmed}: ${description.fact.name}**`);
      if (description.fact.meaning !== undefined) parts.push(description.fact.meaning);
      break;
    }
    case 'domain': {
      const { rid, domainSid } = description;
      const ridFact = machineLocal && rid === 513 ? { name: 'None', administrative: false } : description.ridFact;
      const what = ridFact !== undefined
        ? `RID ${rid}: **${ridFact.name}**${ridFact.administrative ? ' (administrative)' : ''}${rid === 513 && !machineLocal ? ' (called None on a standalone or workgroup computer)' : ''}`
        : rid >= 1000 ? `RID ${rid}: an account or group created in this domain or on this computer` : `RID ${rid}`;
      parts.push(`**${trimmed}**`, `Account of ${machineLocal ? 'this computer' : 'domain or computer'} \`${domainSid}\`, ${what}.`);
      break;
    }
    case 'unknown':
      parts.push(`**${trimmed}**`, 'Not a well-known SID.');
  }
  if (names.length > 0) {
    const shown = names.slice(0, 3).map(([account, n]) => `${markdownCode(account)} (${n.toLocaleString('en-US')} event${n === 1 ? '' : 's'})`);
    parts.push(`Seen in these events as ${shown.join(', ')}${names.length > 3 ? `, and ${names.length - 3} more` : ''}.`);
  }
  const source = description.kind === 'well-known' || description.kind === 'pattern' ? description.fact.source : DOMAIN_RIDS_SOURCE;
  parts.push(link('Microsoft: security identifiers', source));
  return parts.join('\n\n');
}

export function explainLogonId(text: string): string {
  const value = parseLogonId(text);
  if (value === undefined) return `**Logon ID ${markdownText(text.trim())}**\n\nNot a readable Logon ID: Windows writes them as hex, like 0x3e7.`;
  const headline = `**Logon ID 0x${value.toString(16)}** (decimal ${value})`;
  const known = wellKnownLogonId(value);
  if (known !== undefined) {
    return `${headline}\n\n**${known.name}.** ${known.meaning} It never links events into a session.\n\n${link('Microsoft: service account sessions', WELL_KNOWN_LOGON_IDS_SOURCE)}`;
  }
  return `${headline}\n\nIdentifies one logon session, unique on its computer until the next restart.`;
}

export function explainEvent(provider: string | undefined, idText: string): string {
  const id = Number(idText.trim());
  const from = provider === undefined ? '' : ` · ${markdownText(provider)}`;
  if (provider !== undefined && !isCatalogProvider(provider)) {
    return `**Event ${markdownText(idText.trim())}**${from}\n\nThe Security event catalog does not apply: ${markdownText(provider)} numbers its events independently of Security auditing.`;
  }
  const info = eventInfo(provider ?? '', id);
  if (info === undefined) {
    return `**Event ${markdownText(idText.trim())}**${from}\n\nNot in Logon Lens’s catalog of Security events.${Number.isSafeInteger(id) ? `\n\n${link(`Microsoft: event ${id}`, eventPage(id))}` : ''}`;
  }
  return `**${info.id}: ${info.title}**\n\n${info.category}${from}\n\n${link(`Microsoft: event ${info.id}`, info.source)}`;
}

export function explainInsertionCode(text: string): string | undefined {
  const parsed = insertionCode(text);
  if (parsed === undefined) return undefined;
  if (parsed.entry === undefined) {
    return `**%%${parsed.code}**\n\nA message-table insertion: Windows writes this code in place of localized text. It is not in Logon Lens’s table.`;
  }
  return `**%%${parsed.code}: ${parsed.entry.text}**\n\nA message-table insertion, as in ${parsed.entry.usedIn}.\n\n${link('Microsoft: event reference', parsed.entry.source)}`;
}

/**
 * An NTSTATUS value. `subStatus` is this event's SubStatus, shown with a generic Status; `eventId`
 * chooses the page the code is documented on (4625's table, or 4776's).
 */
export function explainStatus(text: string, field: string, subStatus?: string, eventId?: number): string | undefined {
  const parsed = statusCode(text);
  if (parsed === undefined) return undefined;
  const hex = statusHex(parsed.code);
  const source = eventId === 4776 ? link('Microsoft: 4776 error codes', SOURCES.event4776) : link('Microsoft: 4625 status codes', STATUS_CODES_SOURCE);
  if (parsed.code === 0 && field === 'SubStatus') {
    return `**${hex}: no sub-status**\n\nThis event gives no further reason: Status alone says why the logon failed.\n\n${source}`;
  }
  let hint = '';
  if (field === 'Status' && (parsed.code === 0xc000006d || parsed.code === 0xc000006e)) {
    const sub = subStatus === undefined ? undefined : statusCode(subStatus);
    hint = sub === undefined || sub.code === 0
      ? '\n\nThis is a generic code, and this event has no SubStatus that says more.'
      : `\n\nThis is a generic code. This event's SubStatus says why: **${statusHex(sub.code)}**${sub.entry === undefined ? '' : `, ${sub.entry.meaning.replace(/\.$/, '').replace(/^./, c => c.toLowerCase())}`}.`;
  }
  if (parsed.entry === undefined) {
    return `**${hex}**\n\nAn NTSTATUS code that Logon Lens’s table does not list.${hint}\n\n${link('Microsoft: NTSTATUS values', SOURCES.ntstatus)}`;
  }
  const note = parsed.entry.note === undefined ? '' : `\n\n**Security note:** ${parsed.entry.note}`;
  return `**${hex}: ${parsed.entry.meaning}**${note}${hint}\n\n${source}`;
}

/** An NTSTATUS code as Windows prints it: `0xC000006A`. */
function statusHex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * What a value of a Kerberos, NTLM or account field means (TicketEncryptionType, PreAuthType,
 * TicketOptions, LmPackageName, TargetUserName, TargetOutbound*, ServiceName); undefined for others.
 */
export function explainFieldValue(name: string, value: string, eventId: number): string | undefined {
  let info: FieldValueInfo | undefined;
  switch (name) {
    case 'TicketEncryptionType': info = ticketEncryption(value, eventId); break;
    case 'PreAuthType': info = preAuthType(value); break;
    case 'TicketOptions': info = ticketOptions(value, eventId); break;
    case 'LmPackageName': info = lmPackage(value); break;
    default: {
      const account = accountField(name, eventId);
      info = account && { ...account, title: `${account.title}: ${markdownCode(value.trim())}` };
    }
  }
  if (info === undefined) return undefined;
  const note = info.securityNote === undefined ? '' : `\n\n**Security note:** ${info.securityNote}`;
  // Titles hold values already read as numbers or known words, or the value as inline code.
  return `**${info.title}**\n\n${info.meaning}${note}\n\n${link(`Microsoft: event ${eventIdLabel(eventId)}`, info.source)}`;
}

function eventIdLabel(eventId: number): string {
  return Number.isFinite(eventId) && eventId > 0 ? String(eventId) : 'reference';
}

