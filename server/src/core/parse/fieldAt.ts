import { EventDocument, eventAt } from './eventDocument';
import { EventRecord, Field, LocatedEvent, SystemFieldName } from './model';

/** A field found under a position: whether it is a System value or a payload (Data) value. */
export interface FieldHit {
  event: LocatedEvent;
  field: Field;
  system: boolean;
}

/** The field whose value span contains `offset` (both ends included, so a cursor at either edge counts). */
export function fieldAt(doc: EventDocument, offset: number): FieldHit | undefined {
  const event = eventAt(doc, offset);
  if (event === undefined) return undefined;
  const relative = offset - event.offset;
  const { record } = event;
  for (const name in record.system) {
    const field = record.system[name as SystemFieldName]!;
    if (field.start <= relative && relative <= field.end) return { event, field, system: true };
  }
  for (const field of record.data) {
    if (field.start <= relative && relative <= field.end) return { event, field, system: false };
    if (field.start > relative) break;
  }
  return undefined;
}

/** The record's EventID as a number, if it has a readable one. */
export function eventIdOf(record: EventRecord): number | undefined {
  const text = record.system.EventID?.value.trim();
  return text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : undefined;
}
