/** Human lines on stdout, or one JSON object per line with --json (for scripts). */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  /** A result: `human` text, or `value` as a JSON line. */
  result(value: unknown, human: string): void {
    this.out.write(this.json ? `${JSON.stringify(value)}\n` : `${human}\n`);
  }

  /** Progress and notices: stderr, so stdout stays the results. */
  info(text: string): void {
    this.err.write(`${text}\n`);
  }
}

export function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ??
    [];
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}
