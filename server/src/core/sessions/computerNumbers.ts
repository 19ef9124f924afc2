/**
 * Computer names numbered in the order first met: correlation walks computers in this order, by
 * number. Names come as facts give them (lower-cased: Logon IDs are unique per computer, and
 * names compare without case).
 */
export class ComputerNumbers {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  /** The name's number, or undefined for a name never met. */
  find(name: string): number | undefined {
    return this.index.get(name);
  }

  /** The name's number, given it now if it is new. */
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
