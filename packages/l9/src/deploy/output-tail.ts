/** The last lines a process wrote, kept so a failure can say why without reading its log file. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 20) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter((line) => line.trim() !== ''));
    if (this.lines.length > this.max) this.lines = this.lines.slice(-this.max);
  }

  text(): string {
    return [...this.lines, ...(this.partial.trim() ? [this.partial] : [])].slice(-this.max).join('\n');
  }
}
