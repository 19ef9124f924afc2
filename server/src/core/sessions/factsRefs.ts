import { Field, LocatedEvent } from '../parse/model';
import { EventFacts } from './eventFacts';
import { EventRef, Occurrence, OccurrenceRole, Session } from './model';

/**
 * An event as the session index places it, reading its time and numbers from the record's facts
 * rather than copying them: an editor keeps one per event (tens of thousands in a big export),
 * and a copied time is a boxed number of its own. 48 bytes instead of 80.
 */
export class FactsEventRef implements EventRef {
  constructor(
    readonly uri: string,
    readonly event: LocatedEvent,
    private readonly facts: EventFacts,
  ) {}

  get time(): number {
    return this.facts.time ?? NaN;
  }

  get recordId(): number {
    return this.facts.recordId;
  }

  get eventId(): number {
    return this.facts.eventId;
  }
}

/** A Logon ID value of an event, read from its facts' entry rather than copied. 48 bytes instead of 64. */
export class FactsOccurrence implements Occurrence {
  session: Session | undefined = undefined;

  constructor(
    readonly ref: EventRef,
    private entry: EventFacts['logonIds'][number],
  ) {}

  get field(): Field {
    return this.entry.field;
  }

  /** The same value, read again from an edited record (see patchSessionIndex.ts). */
  set field(field: Field) {
    this.entry = { field, logonId: this.entry.logonId, role: this.entry.role };
  }

  get logonId(): number {
    return this.entry.logonId;
  }

  get role(): OccurrenceRole {
    return this.entry.role;
  }
}
