/**
 * Colours from the editor's theme (light, dark, high contrast), read from the CSS variables VS Code
 * gives every webview. Read again whenever the theme changes.
 */
export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  lines: string;
  focus: string;
  red: string;
  orange: string;
  yellow: string;
  green: string;
  blue: string;
  purple: string;
  highContrast: boolean;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--vscode-editor-background', '#1e1e1e'),
    foreground: read('--vscode-editor-foreground', '#cccccc'),
    muted: read('--vscode-descriptionForeground', '#999999'),
    lines: read('--vscode-charts-lines', '#80808080'),
    focus: read('--vscode-focusBorder', '#007fd4'),
    red: read('--vscode-charts-red', '#f14c4c'),
    orange: read('--vscode-charts-orange', '#d18616'),
    yellow: read('--vscode-charts-yellow', '#cca700'),
    green: read('--vscode-charts-green', '#89d185'),
    blue: read('--vscode-charts-blue', '#3794ff'),
    purple: read('--vscode-charts-purple', '#b180d7'),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls back when the theme changes (VS Code changes the body's classes). */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** The logon types' names and colours, as the legend shows them. */
export const LOGON_TYPES: { type: number; name: string; colour: keyof Palette }[] = [
  { type: 2, name: 'Interactive', colour: 'blue' },
  { type: 3, name: 'Network', colour: 'green' },
  { type: 4, name: 'Batch', colour: 'yellow' },
  { type: 5, name: 'Service', colour: 'muted' },
  { type: 7, name: 'Unlock', colour: 'blue' },
  { type: 8, name: 'NetworkCleartext', colour: 'red' },
  { type: 9, name: 'NewCredentials', colour: 'orange' },
  { type: 10, name: 'RemoteInteractive', colour: 'purple' },
  { type: 11, name: 'CachedInteractive', colour: 'blue' },
];

export function logonTypeColour(palette: Palette, type: number | undefined): string {
  const known = LOGON_TYPES.find(t => t.type === type);
  return known === undefined ? palette.lines : (palette[known.colour] as string);
}

export function logonTypeName(type: number | undefined): string {
  if (type === undefined) return 'unknown type';
  return `${type} ${LOGON_TYPES.find(t => t.type === type)?.name ?? ''}`.trim();
}
