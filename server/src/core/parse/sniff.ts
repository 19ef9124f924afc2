/** The namespace every exported event carries, whatever tool wrote it. */
export const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** How far into a document to look for the namespace. The first event starts well within this. */
export const SNIFF_WINDOW = 64 * 1024;

/**
 * True if the text looks like exported Windows event XML. Cheap: one bounded indexOf, so an
 * unrelated XML file (a pom.xml, an .svg) costs almost nothing.
 */
export function isEventXml(text: string): boolean {
  const window = text.length > SNIFF_WINDOW ? text.slice(0, SNIFF_WINDOW) : text;
  return window.indexOf(EVENT_NAMESPACE) >= 0;
}
