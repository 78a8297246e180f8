// Command id -> handler factory. Commands exist whether or not the server runs, so a click never
// hits "command not found"; each reports clearly when the server is unavailable.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CommandIds } from '../../server/src/lsp/protocol';
import type { TestRuleArgs } from '../../server/src/lsp/protocol';
import type { Simulator } from './simulator';
import { replayLog, showReplayReport } from './replay';
import { testRequestsFromFile } from './testFromFile';

export interface Context {
  client(): LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  simulator: Simulator;
}

type Factory = (ctx: Context) => (...args: never[]) => unknown;

export const COMMANDS: Partial<Record<(typeof CommandIds)[keyof typeof CommandIds], Factory>> = {
  [CommandIds.showOutput]: (ctx) => () => ctx.output.show(true),
  [CommandIds.restartServer]: (ctx) => async () => {
    const client = ctx.client();
    if (!client) return void vscode.window.showWarningMessage('The audit policy language server is not running.');
    await client.restart();
  },
  [CommandIds.simulate]: (ctx) => (uri?: string, initial?: string) => ctx.simulator.simulate(uri, initial),
  [CommandIds.testRule]: (ctx) => (args: TestRuleArgs) => ctx.simulator.testRule(args),
  [CommandIds.testRequestsFromFile]: (ctx) => (uri?: string, file?: vscode.Uri) => testRequestsFromFile(ctx.client(), uri, file),
  [CommandIds.replayLog]: (ctx) => (uri?: string, logs?: (string | vscode.Uri)[]) => replayLog(ctx.client(), uri, logs),
  [CommandIds.showReplay]: () => (report: string) => showReplayReport(report),
};

export function registerCommands(context: vscode.ExtensionContext, ctx: Context): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    if (factory) context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx) as (...args: unknown[]) => unknown));
  }
}
