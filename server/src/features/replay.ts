// Replay in the editor: streams log files from disk through the open policy (constant memory, as
// the CLI), reports progress, honours cancellation, and keeps the last result per document so
// the CodeLenses can show each rule's share until the policy changes.
import { createReadStream, statSync } from 'node:fs';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../policy/analyze';
import { analyze } from '../policy/analyze';
import { Replayer } from '../policy/replay';
import type { ReplayResult } from '../policy/replay';
import { replayText } from '../policy/replayReport';
import { lineStarts, positionAt } from '../policy/text';
import type { LoadedPolicy } from '../policy/replayReport';
import { ReplayProgressNotification } from '../lsp/protocol';
import type { ReplayParams, ReplayProgressParams, ReplayResponse } from '../lsp/protocol';

export interface StoredReplay {
  /** The document version the replay ran against: lenses are stale once it changes. */
  version: number;
  result: ReplayResult;
  logs: string[];
  report: string;
}

export class ReplayStore {
  private readonly byUri = new Map<string, StoredReplay>();

  get(uri: string): StoredReplay | undefined {
    return this.byUri.get(uri);
  }

  set(uri: string, replay: StoredReplay): void {
    this.byUri.set(uri, replay);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

const PROGRESS_EVERY_BYTES = 8 << 20;

export async function runReplay(
  connection: Connection,
  document: TextDocument,
  analysis: DocumentAnalysis,
  params: ReplayParams,
  token: CancellationToken,
  store: ReplayStore,
): Promise<ReplayResponse> {
  const [first] = analysis.policies;
  if (!first) return { ok: false, error: 'This document holds no audit policy.' };
  if (params.logs.length === 0) return { ok: false, error: 'No log file was given.' };
  const sizes: number[] = [];
  for (const path of params.logs) {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) return { ok: false, error: `${path} is a directory, not an audit log.` };
      sizes.push(stat.size);
    } catch (error) {
      return {
        ok: false,
        error: `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      };
    }
  }
  let other: LoadedPolicy | undefined;
  if (params.compare) {
    const compared = analyze(params.compare.text, { kubernetesVersion: analysis.kubernetesVersion }).policies[0];
    if (!compared) return { ok: false, error: `${params.compare.label} holds no audit policy to compare with.` };
    const starts = lineStarts(params.compare.text);
    other = loaded(params.compare.label, compared.policy, (offset) => positionAt(starts, offset).line + 1);
  }
  const main = loaded(document.uri, first.policy, (offset) => document.positionAt(offset).line + 1);
  const replayer = new Replayer(first.policy, { kubernetesVersion: analysis.kubernetesVersion, compare: other?.policy, cancel: token });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let bytesRead = 0;
  let reported = 0;
  const progress = (final = false) => {
    if (!final && bytesRead - reported < PROGRESS_EVERY_BYTES) return;
    reported = bytesRead;
    const payload: ReplayProgressParams = { uri: document.uri, bytesRead, totalBytes };
    void connection.sendNotification(ReplayProgressNotification, payload);
  };
  try {
    for (const path of params.logs) {
      if (token.isCancellationRequested) break;
      await replayer.addChunks(
        path,
        counted(createReadStream(path, { highWaterMark: 1 << 20 }), (n) => ((bytesRead += n), progress())),
      );
    }
  } catch (error) {
    return { ok: false, error: `Reading the log failed: ${(error as Error).message}` };
  }
  progress(true);
  const result = replayer.result();
  if (token.isCancellationRequested) result.cancelled = true;
  const report = replayText(result, params.logs, main, other);
  store.set(document.uri, { version: document.version, result, logs: params.logs, report });
  return {
    ok: true,
    report,
    requests: result.totals.requests,
    cancelled: result.cancelled,
    deadInPractice: result.policy.rules.filter((r) => r.requests === 0).map((r) => r.rule!),
  };
}

function loaded(path: string, policy: LoadedPolicy['policy'], line: (offset: number) => number): LoadedPolicy {
  return { path, policy, hasErrors: false, ruleLines: policy.rules.map((r) => line(r.span.start)) };
}

async function* counted(stream: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    onBytes(chunk.length);
    yield chunk;
  }
}
