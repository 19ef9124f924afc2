import { Location } from 'vscode-languageserver-types';
import { EventDocument } from '../parse/eventDocument';
import { fieldAt } from '../parse/fieldAt';
import { dataField, Span } from '../parse/model';
import { Hop, Hops } from '../sessions/hops';
import { markdownCode } from '../text/display';
import { eventLabel } from './eventLabel';
import { accountOf, logonTypeName } from './sessionSummary';
import { logonLocation, PositionsOf } from './sessionNavigation';

/** The fields of a 4648 that name where its credentials went: they lead to the logon on the target. */
const TARGET_FIELDS = new Set(['TargetServerName', 'TargetInfo', 'TargetUserName', 'TargetDomainName']);
/** The fields of a 4624 that name where it came from: they lead back to the 4648 that caused it. */
const SOURCE_FIELDS = new Set(['IpAddress', 'IpPort', 'WorkstationName']);

/**
 * The hops at a place: a 4648's target fields (one hop), or a 4624's source fields (the hops that
 * caused it), with the field's span (absolute offsets).
 */
export function hopsAt(hops: () => Hops, doc: EventDocument, offset: number): { side: 'explicit' | 'logon'; hops: Hop[]; span: Span } | undefined {
  const hit = fieldAt(doc, offset);
  if (hit === undefined || hit.system) return undefined;
  const { field, event } = hit;
  const id = event.record.system.EventID?.value.trim();
  const span = { start: event.offset + field.start, end: event.offset + field.end };
  if (id === '4648' && TARGET_FIELDS.has(field.name)) {
    const hop = hops().byExplicit.get(event);
    return hop === undefined ? undefined : { side: 'explicit', hops: [hop], span };
  }
  if (id === '4624' && SOURCE_FIELDS.has(field.name)) {
    const caused = hops().byLogon.get(event);
    return caused === undefined ? undefined : { side: 'logon', hops: caused, span };
  }
  return undefined;
}

/** The 4648 on the source host: its TargetServerName (else its start). */
function explicitLocation(hop: Hop, positionsOf: PositionsOf): Location | undefined {
  const { uri, event } = hop.explicit;
  const positions = positionsOf(uri);
  if (positions === undefined) return undefined;
  const field = dataField(event.record, 'TargetServerName');
  const start = event.offset + (field?.start ?? 0);
  const end = event.offset + (field?.end ?? 6);
  return { uri, range: { start: positions.positionAt(start), end: positions.positionAt(end) } };
}

/** From a 4648 to the logon it caused on the target; from a 4624's source back to the 4648 (the latest, if several). */
export function hopDefinition(found: ReturnType<typeof hopsAt>, positionsOf: PositionsOf): Location | null {
  if (found === undefined) return null;
  if (found.side === 'explicit') return logonLocation(found.hops[0]!.session, positionsOf) ?? null;
  const latest = [...found.hops].sort((a, b) => b.explicit.time - a.explicit.time)[0]!;
  return explicitLocation(latest, positionsOf) ?? null;
}

/** Both ends of the hops at a place: the 4648s, then the logon (its declaration). */
export function hopReferences(found: ReturnType<typeof hopsAt>, includeDeclaration: boolean, positionsOf: PositionsOf): Location[] {
  if (found === undefined) return [];
  const locations: Location[] = [];
  for (const hop of found.hops) {
    const at = explicitLocation(hop, positionsOf);
    if (at !== undefined) locations.push(at);
  }
  const logon = includeDeclaration ? logonLocation(found.hops[0]!.session, positionsOf) : undefined;
  if (logon !== undefined) locations.push(logon);
  return locations;
}

/** What a hover says of the hops at a place: "Led to" on the 4648, "Caused by" on the 4624. */
export function hopMarkdown(found: NonNullable<ReturnType<typeof hopsAt>>): string {
  if (found.side === 'explicit') {
    const { session } = found.hops[0]!;
    const type = logonTypeName(session);
    return `**Led to** a logon on ${markdownCode(session.computer)}: ${eventLabel(session.logon.event.record)}, ${markdownCode(accountOf(session))}`
      + `${type === undefined ? '' : ` · ${type} (${session.logonType})`}, session \`0x${session.logonId.toString(16)}\` (Go to Definition opens it).`;
  }
  const lines = found.hops.map(({ explicit }) => {
    const { record } = explicit.event;
    const subject = [record.system.Computer?.value.trim(), dataField(record, 'SubjectDomainName')?.value.trim(), dataField(record, 'SubjectUserName')?.value.trim()];
    const by = subject[2] === undefined ? '' : ` by ${markdownCode(subject[1] === undefined ? subject[2] : `${subject[1]}\\${subject[2]}`)}`;
    return `- ${eventLabel(record)} on ${markdownCode(subject[0] ?? '')}${by}`;
  });
  return `**Caused by** explicit credentials given on another host (Go to Definition opens the 4648):\n${lines.join('\n')}`;
}
