// The only try/catch around request handlers: yields first so a burst of edits can cancel
// stale work, checks the token, and turns any exception into a logged fallback result.
import type { CancellationToken, Connection } from 'vscode-languageserver';

export function runSafe<T>(connection: Connection, token: CancellationToken, fallback: T, what: string, work: () => T): Promise<T> {
  return new Promise((resolve) => {
    setImmediate(() => {
      if (token.isCancellationRequested) return resolve(fallback);
      try {
        resolve(work());
      } catch (error) {
        connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        resolve(fallback);
      }
    });
  });
}
