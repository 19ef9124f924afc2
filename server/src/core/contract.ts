import { SNIFF_WINDOW } from './parse/sniff';

/**
 * What the VS Code client and the language server agree on, in one place: both import it.
 */

/** How far into a document both look for the event namespace (see parse/sniff.ts). */
export const SNIFF_CHARACTERS = SNIFF_WINDOW;

/** The command a session's code lens runs in the client: shows the session's events (`uri`, `position`). */
export const SHOW_SESSION_EVENTS = 'logonLens.showSessionEvents';

/**
 * The command that opens a rule's page (`[ruleId]`) rendered in VS Code's markdown preview, from
 * the extension's own files: it works in remote, web and code-server editors, where a `file:` link
 * to the server's disk does not. Diagnostics link to it as a `command:` URI.
 */
export const OPEN_RULE_PAGE = 'logonLens.openRulePage';

/** The `command:` URI a diagnostic's code links to, for a client that has OPEN_RULE_PAGE. */
export function rulePageCommandUri(ruleId: string): string {
  return `command:${OPEN_RULE_PAGE}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

/** The events of the session a Logon ID names, labelled (`{ uri, position }` -> SessionEvents | null). */
export const SESSION_EVENTS_REQUEST = 'logonLens/sessionEvents';

/** One event of a session, as a row a person can read: which event, when, where. */
export interface SessionEventRow {
  /** `4672 Special privileges · 2019-02-07 11:37:52.628 · #32367`: numbers only, never event text. */
  label: string;
  uri: string;
  /** Its Logon ID value that names the session (LSP positions). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface SessionEvents {
  /** The session in one line, as its code lens says it. */
  title: string;
  events: SessionEventRow[];
  /** Where its 4624 is (its TargetLogonId). */
  logon?: { uri: string; range: SessionEventRow['range'] };
}

/** Commands of the editor, in the palette and the editor's context menu: the session of the event at the cursor. */
export const SHOW_SESSION_OF_EVENT = 'logonLens.showSessionOfEvent';
export const GO_TO_LOGON = 'logonLens.goToLogon';
/** The Logon Sessions view's filter: picked in the client, applied by the server. */
export const FILTER_SESSIONS = 'logonLens.filterSessions';

/**
 * What the Logon Sessions view (and its CSV export) shows: sessions of an account (a part of its
 * name, without case), of a computer (its name, without case), of a logon type, privileged ones,
 * ones with problems.
 */
export interface SessionFilter {
  account?: string;
  computer?: string;
  logonType?: number;
  privileged?: boolean;
  withProblems?: boolean;
}

/** The Logon Sessions view's nodes from the top down to the session of the event at a position (`{ uri, position, filter }` -> SessionTreeNode[] | null). */
export const SESSION_TREE_PATH_REQUEST = 'logonLens/sessionTreePath';
/** The sessions the view shows (`{ filter }`), as CSV text: one row per session, cells made safe for spreadsheets. */
export const SESSIONS_CSV_REQUEST = 'logonLens/sessionsCsv';
export const REVEAL_IN_SESSIONS_VIEW = 'logonLens.revealInSessionsView';
export const EXPORT_SESSIONS_CSV = 'logonLens.exportSessionsCsv';
export const SHOW_OVERVIEW = 'logonLens.showOverview';

/** What the timeline and graph draw (`{}` -> Overview). Labels are event data: shown as text, never as markup. */
export const OVERVIEW_REQUEST = 'logonLens/overview';

export interface OverviewSession {
  /** Indexes into Overview.computers and Overview.accounts. */
  computer: number;
  account: number;
  logonType?: number;
  start: number;
  /** When it ended; undefined while still open as far as the data shows. */
  end?: number;
  ended: 'logoff' | 'shutdown' | 'restart' | 'open';
  privileged: boolean;
  problems: number;
  /** Where it came from (IpAddress, else WorkstationName), when the 4624 says. */
  source?: string;
  /** One line: account, type, times, Logon ID (for the tooltip). */
  title: string;
  /** Its 4624, opened by a click. */
  location?: { uri: string; range: SessionEventRow['range'] };
}

/** A moment on one computer's lane: a boot, a shutdown, a failed-logon burst or spray, or another finding. */
export interface OverviewMark {
  computer: number;
  time: number;
  kind: 'boot' | 'shutdown' | 'burst' | 'finding';
  label: string;
  location?: { uri: string; range: SessionEventRow['range'] };
}

/** A logon from one computer to another: a 4648 on `from` and the 4624 it caused on `to`. */
export interface OverviewHop {
  from: number;
  to: number;
  account: number;
  time: number;
}

export interface Overview {
  computers: string[];
  accounts: string[];
  sessions: OverviewSession[];
  marks: OverviewMark[];
  hops: OverviewHop[];
  /** Sessions, marks or hops left out past the caps, so the view can say so. */
  omitted: { sessions: number; marks: number };
}

/** The Logon Sessions view's nodes under a parent (`{ parent?: id, filter?: SessionFilter }` -> SessionTreeNode[]). */
export const SESSION_TREE_REQUEST = 'logonLens/sessionTree';
/** The server tells the client that what is known of sessions changed: the view asks again. */
export const SESSIONS_CHANGED_NOTIFICATION = 'logonLens/sessionsChanged';

/** One node of the Logon Sessions view: computer > boot > session > event. */
export interface SessionTreeNode {
  /** Asked back as `parent` for its children. */
  id: string;
  kind: 'computer' | 'boot' | 'session' | 'event' | 'more';
  label: string;
  description?: string;
  tooltip?: string;
  privileged?: boolean;
  /** A session's problems: the findings on its events. */
  problems?: number;
  hasChildren: boolean;
  /** Where a click goes: a session's 4624, an event's Logon ID. */
  location?: { uri: string; range: SessionEventRow['range'] };
}

/** The client tells the server that the user has trusted the workspace. */
export const WORKSPACE_TRUSTED = 'logonLens/workspaceTrusted';

/** What the client sends when it starts the server. */
export interface InitializationOptions {
  /** VS Code's Workspace Trust; other editors send nothing and are trusted. */
  workspaceTrusted?: boolean;
  /** The user's IANA time zone, for local times in hovers. */
  timeZone?: string;
  /** The `logonLens` settings, for clients that cannot be asked for them. */
  settings?: unknown;
  /** The client runs OPEN_RULE_PAGE: rule pages are linked through it (else as files). */
  rulePageCommand?: boolean;
}

/** The server tells the client what to show in its status item, whenever that changes. */
export const STATUS_NOTIFICATION = 'logonLens/status';

export interface StatusParams {
  /** True while event files or a big document are being read. */
  busy: boolean;
  /** A few words: what is being read, or how many sessions are known. */
  text: string;
  /** The details: events, files, sessions, the policy in force. */
  tooltip: string;
}

/**
 * A binary event log (.evtx) is shown as a read-only event XML document with this scheme: the
 * file's path with `.xml` added, so the editor gives it the XML language. The server renders it
 * (EVTX_TEXT_REQUEST) and indexes workspace logs under the same URI, so both agree on offsets.
 */
export const EVTX_SCHEME = 'logon-lens-evtx';
export const EVTX_TEXT_REQUEST = 'logonLens/evtxText';

/** `file:///logs/Security.evtx` -> `logon-lens-evtx:/logs/Security.evtx.xml`. */
export function evtxDocumentUri(fileUri: string): string {
  return `${EVTX_SCHEME}:${fileUri.replace(/^file:\/\//, '')}.xml`;
}

/** The reverse (a part of the log picked by the user is in the query), or undefined for any other URI. */
export function evtxFileUri(documentUri: string): string | undefined {
  const [location] = documentUri.split('?', 1) as [string];
  if (!location.startsWith(`${EVTX_SCHEME}:`) || !location.endsWith('.xml')) return undefined;
  const path = location.slice(EVTX_SCHEME.length + 1, -'.xml'.length);
  return path.startsWith('/') ? `file://${path}` : undefined;
}

/** The command that opens a part of a big log (a time range, a computer, an account, event IDs). */
export const SHOW_EVTX_SLICE = 'logonLens.showEvtxSlice';
