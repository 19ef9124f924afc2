/**
 * Draws on a canvas at most once per animation frame, at the screen's pixel density: what the
 * timeline and the graph share. `paint` gets a context scaled to CSS pixels, and the size.
 */
export class CanvasFrames {
  private frame = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly paint: (g: CanvasRenderingContext2D, width: number, height: number) => void,
  ) {}

  /** Draws at the next animation frame (many changes in one frame draw once). */
  schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now. */
  drawNow(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  private draw(): void {
    const { canvas } = this;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return; // hidden (the other tab)
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d')!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    this.paint(g, width, height);
  }
}
