// What a CLI command may touch of the outside world, passed in so commands are testable in-process.
import { readFileSync } from 'node:fs';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as UTF-8; throws a Node error (ENOENT, EISDIR...) when it cannot. */
  readFile(path: string): string;
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
}

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Thrown by commands for usage and I/O errors; the front prints the message and exits 2. */
export class UsageError extends Error {}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
