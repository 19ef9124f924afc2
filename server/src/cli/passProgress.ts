import { InputFile } from './inputs';
import { Progress, ProgressStream, size } from './progress';

/** Progress over several passes through the same files, measured in bytes read. */
export class PassProgress {
  private readonly bar: Progress;
  private readonly bytesPerPass: number;
  private readonly offsets = new Map<InputFile, number>();

  constructor(stream: ProgressStream, files: readonly InputFile[], private readonly labels: readonly string[]) {
    let offset = 0;
    for (const file of files) {
      this.offsets.set(file, offset);
      offset += file.size;
    }
    this.bytesPerPass = offset;
    this.bar = new Progress(stream);
  }

  /** The progress callback for pass `pass` (0-based): told the bytes read of each file. */
  pass(pass: number): (file: InputFile, bytesRead: number) => void {
    const passes = this.labels.length;
    const name = passes > 1 ? `${this.labels[pass]} ${pass + 1}/${passes}` : this.labels[pass]!;
    return (file, bytesRead) => {
      const done = (this.offsets.get(file) ?? 0) + bytesRead;
      const fraction = this.bytesPerPass > 0 ? (pass + done / this.bytesPerPass) / passes : 0;
      this.bar.update(fraction, name, `${size(done)} of ${size(this.bytesPerPass)}`);
    };
  }

  finish(): void {
    this.bar.finish();
  }
}
