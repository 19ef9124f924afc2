/** A tooltip of plain text lines: event data is set as text, never parsed as markup. */
export class Tooltip {
  constructor(private readonly element: HTMLElement) {}

  show(clientX: number, clientY: number, lines: string[]): void {
    const { element } = this;
    element.replaceChildren(...lines.map((line, k) => {
      const div = document.createElement('div');
      div.textContent = line;
      if (k === 0) div.className = 'tooltip-title';
      if (k === lines.length - 1 && lines.length > 1) div.className = 'tooltip-hint';
      return div;
    }));
    element.hidden = false;
    const { innerWidth, innerHeight } = window;
    const box = element.getBoundingClientRect();
    element.style.left = `${Math.min(clientX + 14, innerWidth - box.width - 4)}px`;
    element.style.top = `${clientY + 16 + box.height > innerHeight ? clientY - box.height - 8 : clientY + 16}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
