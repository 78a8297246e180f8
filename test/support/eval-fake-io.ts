// An in-memory CliIO for running CLI commands in-process: files from a map, captured output.
import type { CliIO } from '../../server/src/cli/io';

export interface FakeIO extends CliIO {
  out: string[];
  err: string[];
}

/** Returns an IO whose files come from `files` and whose stdin is `stdin`. */
export function fakeIO(files: Record<string, string>, stdin = ''): FakeIO {
  const io: FakeIO = {
    out: [],
    err: [],
    stdout: (text) => void io.out.push(text),
    stderr: (text) => void io.err.push(text),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    readStdin: async () => stdin,
  };
  return io;
}
