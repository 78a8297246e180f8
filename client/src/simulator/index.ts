// The "Test request" simulator: asks for a request, sends auditPolicy/evaluate, paints the
// answer, and re-evaluates the same request whenever the policy changes. Computes nothing itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EvaluateMethod, SimulationInputsMethod } from '../../../server/src/lsp/protocol';
import type {
  EvaluateParams,
  EvaluateResult,
  SimulationInputs,
  SimulationInputsParams,
  TestRuleArgs,
} from '../../../server/src/lsp/protocol';
import { correctRequest, pickRequest, rememberRequest } from './input';
import { clear, paint, SimulationTree } from './render';

const REEVALUATE_DELAY_MS = 300;

export class Simulator implements vscode.Disposable {
  readonly tree = new SimulationTree();
  private last: { uri: string; request: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.subscriptions.push(
      vscode.window.registerTreeDataProvider('auditPolicy.simulation', this.tree),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e.document)),
    );
  }

  /** `Simulate a request...`: pick or type a request, then evaluate it. */
  async simulate(uri?: string, initial?: string): Promise<EvaluateResult | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    const client = this.client();
    if (!target || !client) {
      return void vscode.window.showWarningMessage('Open an audit policy (with the language server running) to simulate a request.');
    }
    const params: SimulationInputsParams = { textDocument: { uri: target } };
    const inputs = await client.sendRequest<SimulationInputs | null>(SimulationInputsMethod, params);
    if (!inputs) return void vscode.window.showWarningMessage('This document is not an audit policy.');
    let text = await pickRequest(inputs, this.state, initial);
    while (text !== undefined) {
      const result = await this.run(target, text);
      if (!result || result.ok) return result;
      text = await correctRequest(text, result.error.message, result.error.offset);
    }
    return undefined;
  }

  /** The `Test request` lens: evaluate the rule's witness, or say why the rule is dead. */
  async testRule(args: TestRuleArgs): Promise<EvaluateResult | undefined> {
    if (args.witness === null) {
      void vscode.window.showInformationMessage(
        `Rule ${args.rule + 1} never decides a request: ${args.deadReason ?? 'earlier rules match everything it matches'}.`,
      );
      return undefined;
    }
    return this.run(args.uri, args.witness);
  }

  /** Evaluates `request` against the document and shows the result; returns it for tests. */
  async run(uri: string, request: string): Promise<EvaluateResult | undefined> {
    const client = this.client();
    if (!client) return undefined;
    const params: EvaluateParams = { textDocument: { uri }, request };
    const result = await client.sendRequest<EvaluateResult | null>(EvaluateMethod, params);
    if (!result) return void vscode.window.showWarningMessage('This document is not an audit policy.');
    if (!result.ok) return result;
    this.last = { uri, request };
    await rememberRequest(this.state, request);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: true, preview: false });
    paint(editor, result);
    this.tree.show(document.uri, request, result);
    void vscode.commands.executeCommand('setContext', 'auditPolicy.simulationShown', true);
    return result;
  }

  private onChange(document: vscode.TextDocument): void {
    if (!this.last || document.uri.toString() !== this.last.uri) return;
    clearTimeout(this.timer);
    const { uri, request } = this.last;
    this.timer = setTimeout(() => {
      void this.run(uri, request).then((result) => {
        if (result && !result.ok) this.reset();
      });
    }, REEVALUATE_DELAY_MS);
  }

  private reset(): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === this.last?.uri) clear(editor);
    this.tree.reset();
    this.last = undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
