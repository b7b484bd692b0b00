/**
 * A progress bar on stderr (stdout carries the report): redrawn in place on a terminal at most
 * ten times a second, one line per tenth of the work otherwise (CI logs, pipes).
 *
 * @example
 * const bar = new ProgressBar('baton', 300);
 * bar.update(120, '95 decided, 10 referred');
 * bar.finish('300 settled');
 */
export class ProgressBar {
  private lastDrawn = 0;
  private lastTenth = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, detail = ''): void {
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDrawn < 100 && done < this.total) return;
      this.lastDrawn = now;
      this.stream.write(`\r${this.line(done, detail)}\u001b[K`);
      return;
    }
    const tenth = Math.floor((done / this.total) * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${this.line(done, detail)}\n`);
  }

  finish(detail = ''): void {
    if (this.stream.isTTY) this.stream.write(`\r${this.line(this.total, detail)}\u001b[K\n`);
    else this.stream.write(`${this.line(this.total, detail)}\n`);
  }

  private line(done: number, detail: string): string {
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}${detail ? ` ${detail}` : ''}`;
  }
}
