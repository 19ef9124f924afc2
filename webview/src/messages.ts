import type { Overview } from '../../server/src/core/contract';

/**
 * What the timeline and graph webview and the extension say to each other. The webview names
 * things by their index in the overview it was given; the extension looks them up in its own copy,
 * so nothing the webview sends chooses a file or a filter the data did not hold.
 */

/** The overview without locations: the webview never needs a file's address. */
export type DrawnOverview = Omit<Overview, 'sessions' | 'marks'> & {
  sessions: Omit<Overview['sessions'][number], 'location'>[];
  marks: Omit<Overview['marks'][number], 'location'>[];
};

export type ToWebview =
  | { type: 'overview'; overview: DrawnOverview }
  | { type: 'reading' };

export type FromWebview =
  | { type: 'ready' }
  /** Open a session's 4624, or the event a mark stands for. */
  | { type: 'open'; what: 'session' | 'mark'; index: number }
  /** Show the Sessions view filtered to an account or a computer (a graph node). */
  | { type: 'filter'; what: 'account' | 'computer'; index: number };
