// The language client: starts the bundled server over IPC (with --inspect when debugging) for
// YAML documents. The server decides by content which documents are audit policies.
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every YAML document, whatever its scheme (untitled, virtual workspaces): the server only
    // reads the text it is sent, and answers only for audit policies.
    documentSelector: [{ language: 'yaml' }],
    synchronize: { configurationSection: 'auditPolicy' },
    outputChannel: output,
  };
  return new LanguageClient('auditPolicy', 'Kubernetes Audit Policy', serverOptions, clientOptions);
}
