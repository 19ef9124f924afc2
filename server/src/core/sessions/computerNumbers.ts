/**
 * Computer names numbered in the order first met: correlation walks computers in this order, by
 * number. Names come as facts give them (lower-cased: Logon IDs are unique per computer, and
 * names compare without case).
 */
export class ComputerNumbers {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  numberOf(name: string): number {
    let n = this.index.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.index.set(name, n);
    }
    return n;
  }
}
