// Helpers shared by the CLI commands: input reading and common options.
import type { CliIO } from './io';
import { UsageError } from './io';
import { parseKubernetesVersion } from '../policy/version';

/** Reads a file (or standard input for `-`), turning I/O errors into usage errors (exit 2). */
export async function readInput(path: string, io: CliIO): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${why}`);
  }
}

/** Validates --kubernetes-version ("1.30"); undefined means the newest. */
export function kubernetesVersionOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!parseKubernetesVersion(value)) throw new UsageError(`--kubernetes-version takes MAJOR.MINOR such as 1.30, not "${value}"`);
  return value;
}
