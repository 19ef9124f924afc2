/**
 * Colours from the editor's theme (light, dark, high contrast), read from the CSS variables VS Code
 * gives every webview. Read again whenever the theme changes.
 */
/** Each colour the drawings use: the theme's CSS variable, and a fallback where it has none. */
const VARIABLES = {
  background: ['--vscode-editor-background', '#1e1e1e'],
  foreground: ['--vscode-editor-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#999999'],
  lines: ['--vscode-charts-lines', '#80808080'],
  focus: ['--vscode-focusBorder', '#007fd4'],
  red: ['--vscode-charts-red', '#f14c4c'],
  orange: ['--vscode-charts-orange', '#d18616'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  green: ['--vscode-charts-green', '#89d185'],
  blue: ['--vscode-charts-blue', '#3794ff'],
  purple: ['--vscode-charts-purple', '#b180d7'],
} as const;

export type Colour = keyof typeof VARIABLES;

export type Palette = Record<Colour, string> & { highContrast: boolean };

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const colours = Object.fromEntries(Object.entries(VARIABLES).map(([name, [variable, fallback]]) => [name, style.getPropertyValue(variable).trim() || fallback])) as Record<Colour, string>;
  return { ...colours, highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light') };
}

/** A colour as CSS (`var(--vscode-charts-blue)`), for DOM elements, which follow the theme by themselves. */
export function cssColour(name: Colour): string {
  return `var(${VARIABLES[name][0]})`;
}

/** Calls back when the theme changes (VS Code changes the body's classes). */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** The logon types' names and colours, as the legend shows them. */
export const LOGON_TYPES: { type: number; name: string; colour: Colour }[] = [
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
  return known === undefined ? palette.lines : palette[known.colour];
}

export function logonTypeName(type: number | undefined): string {
  if (type === undefined) return 'unknown type';
  return `${type} ${LOGON_TYPES.find(t => t.type === type)?.name ?? ''}`.trim();
}
