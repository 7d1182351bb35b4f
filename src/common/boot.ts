/** An error as one line: a failed connection to a name with several addresses is an AggregateError without a message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = error instanceof AggregateError ? error.errors.map(describe).filter(Boolean).join('; ') : '';
  const code = (error as { code?: unknown }).code;
  const text = error.message || nested || (typeof code === 'string' ? code : '') || error.name;
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * Starts an entrypoint (src/main.ts, src/worker.ts). When it cannot start (PostgreSQL unreachable, the port in use,
 * …) the process ends with exit code 1 and one line on stderr naming the process and the error; the details are
 * in the JSON log on stdout.
 */
export function bootOrExit(name: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${describe(error)}\n`);
    process.exit(1);
  });
}
