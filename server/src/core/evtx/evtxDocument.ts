import { Problem } from '../parse/model';
import { damageProblem, EvtxProblem } from './evtxFile';
import { EvtxStream } from './evtxStream';
import { describeSlice, EvtxSlice, inSlice } from './evtxSlice';

/**
 * VS Code gives extensions no document over about 50 MB. Past this many characters, an .evtx's
 * document shows only the events sessions are made of (and says so at its top).
 */
export const MAX_DOCUMENT_CHARS = 40 * 2 ** 20;

/** The events a document of a big log keeps: logons, logoffs, privileges, groups, boots, shutdowns, reconnects. */
const SESSION_EVENT_IDS = new Set([4624, 4625, 4634, 4647, 4648, 4672, 4627, 4608, 4609, 1100, 4778, 4779, 4800, 4801, 4964]);

/** An .evtx as an event XML document for the editor: indented, with a note of what it holds at its top. */
export interface EvtxDocumentText {
  text: string;
  events: number;
  shown: number;
  problems: EvtxProblem[];
  /** The damage as findings (evtx-damaged), each on its line of the comment at the top. */
  notes: Problem[];
}

/**
 * Renders an .evtx, pushed in pieces as it is read, as one event XML document: the same text for
 * the same bytes (the workspace index and the open document agree on every offset). Events are
 * indented for reading; damage is listed in the comment at the top. A log whose XML would pass
 * MAX_DOCUMENT_CHARS keeps only its session events, and then only as many as fit.
 */
export class EvtxDocumentBuilder {
  private readonly stream = new EvtxStream({ indent: '  ' });
  private kept: { id: number; xml: string }[] = [];
  private size = 0;
  private events = 0;
  /** The whole log did not fit: only its session events are kept. */
  private sessionsOnly = false;
  /** Even those (or the picked part) did not fit: as many as fit are kept. */
  private cut = false;
  private readonly problems: EvtxProblem[] = [];

  /** With a slice, only its events are kept (and only as many as fit). */
  constructor(private readonly picked?: EvtxSlice) {}

  push(bytes: Uint8Array): void {
    this.take(this.stream.push(bytes));
  }

  end(name: string): EvtxDocumentText {
    this.take(this.stream.end());
    const { events, kept, problems } = this;
    const some = `${kept.length.toLocaleString('en-US')} of its ${events.toLocaleString('en-US')} events`;
    const fit = this.cut ? ', as many as fit' : '';
    const what = this.picked !== undefined
      ? `${some}: ${comment(describeSlice(this.picked))}${fit} (the part picked with "Logon Lens: Show Part of an Event Log")`
      : !this.sessionsOnly
      ? `all ${events.toLocaleString('en-US')} events`
      : `${some}: the logon and session events (${[...SESSION_EVENT_IDS].sort().join(', ')})${fit}, because the whole log is too big for an editor document. Sessions and policy findings still use every record; 'logon-lens check' and 'logon-lens xml' read all of it`;
    const head = `<!-- ${comment(name)}, a binary event log, shown as event XML by Logon Lens (read-only): ${what}.`;
    const listed = problems.slice(0, 50).map(p => `     ${p.severity}: ${comment(p.message)}`);
    const lines = [head, ...listed, ...(problems.length > 50 ? [`     … and ${problems.length - 50} more problems.`] : []), '-->'];
    // Each listed problem is also a finding, on its own line of the comment.
    const notes: Problem[] = [];
    let at = head.length + 1;
    listed.forEach((line, k) => {
      const problem = problems[k]!;
      notes.push(damageProblem(problem, at + 5, at + line.length));
      at += line.length + 1;
    });
    const text = `${lines.join('\n')}\n<Events>\n${kept.map(e => e.xml).join('\n')}\n</Events>\n`;
    return { text, events, shown: kept.length, problems, notes };
  }

  private take(found: ReturnType<EvtxStream['push']>): void {
    this.problems.push(...found.problems);
    for (const event of found.events) {
      this.events++;
      const id = Number(/<EventID[^>]*>(\d+)</.exec(event.xml)?.[1]);
      const wanted = this.picked !== undefined ? inSlice(this.picked, event.xml) : !this.sessionsOnly || SESSION_EVENT_IDS.has(id);
      if (!wanted) continue;
      if (this.picked === undefined && !this.sessionsOnly && this.size + event.xml.length > MAX_DOCUMENT_CHARS) {
        // The whole log does not fit: keep the session events only, from here and before.
        this.sessionsOnly = true;
        this.kept = this.kept.filter(e => SESSION_EVENT_IDS.has(e.id));
        this.size = this.kept.reduce((n, e) => n + e.xml.length + 1, 0);
        if (!SESSION_EVENT_IDS.has(id)) continue;
      }
      if (this.size + event.xml.length > MAX_DOCUMENT_CHARS) {
        this.cut = true;
        continue;
      }
      this.kept.push({ id, xml: event.xml });
      this.size += event.xml.length + 1;
    }
  }
}

/** The same for bytes already in memory, a megabyte at a time: the workspace index lets requests run between steps. */
export function* renderEvtxDocumentInSteps(bytes: Uint8Array, name: string): Generator<undefined, EvtxDocumentText, undefined> {
  const builder = new EvtxDocumentBuilder();
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    builder.push(bytes.subarray(at, at + (1 << 20)));
    yield undefined;
  }
  return builder.end(name);
}

/** The same, at once. */
export function renderEvtxDocument(bytes: Uint8Array, name: string): EvtxDocumentText {
  const steps = renderEvtxDocumentInSteps(bytes, name);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Text safe inside an XML comment: no `--`, no control characters. */
function comment(text: string): string {
  return text.replace(/-{2,}/g, '-').replace(/[\u0000-\u001f\u007f]/g, ' ');
}
