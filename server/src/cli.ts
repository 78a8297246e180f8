// Command-line front over the engine (DESIGN.md contract). Exit codes: 0 ok, 1 findings of
// severity error, 2 usage or I/O error. No LSP import here: the CLI and the server are siblings.
import { runCheck } from './cli/check';
import { runEval } from './cli/eval';
import { runReach } from './cli/reach';
import { runReplay } from './cli/replay';
import type { CliIO } from './cli/io';
import { EXIT_USAGE, UsageError, processIO } from './cli/io';
import { VERSION } from './cli/version';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: {
    run: runCheck,
    summary:
      'check FILE... [--format text|json|sarif] [--kubernetes-version X.Y] [--crd FILE]...\n      validate policies as kube-apiserver does, plus lints',
  },
  eval: {
    run: runEval,
    summary:
      'eval POLICY [--request JSON|SHORTHAND]... | [--requests FILE|-] [--explain] [--kubernetes-version X.Y]\n      which rule decides each request (one JSON line out per request in)',
  },
  reach: {
    run: runReach,
    summary:
      'reach POLICY [--format text|json] [--kubernetes-version X.Y]\n      which rules can decide a request (with an example) and which are shadowed',
  },
  replay: {
    run: runReplay,
    summary:
      'replay POLICY LOG... [--compare POLICY2|REV:PATH] [--format text|json] [--top N] [--kubernetes-version X.Y]\n      what each rule would record from audit logs (JSON lines, plain or gzip, - for stdin)',
  },
};

const USAGE = `audit-policy ${VERSION}: Kubernetes audit policy checker and simulator

usage:
${Object.values(COMMANDS)
  .map((c) => `  audit-policy ${c.summary}`)
  .join('\n')}

exit codes: 0 ok, 1 findings of severity error, 2 usage or I/O error
`;

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`audit-policy: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`audit-policy ${name}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`audit-policy ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_USAGE;
  }
}

/** Runs with the process's arguments and streams; sets the exit code. */
export function runFromProcess(): void {
  void main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runFromProcess();
