// Asking for a request: a quick pick of recent requests, the policy's witnesses and typical
// requests, where typing free text (shorthand, request JSON, an audit Event line) is accepted too.
import * as vscode from 'vscode';
import type { SimulationInputs } from '../../../server/src/lsp/protocol';

const RECENT_KEY = 'auditPolicy.recentRequests';
const RECENT_MAX = 10;

interface RequestItem extends vscode.QuickPickItem {
  request?: string;
}

export function recentRequests(state: vscode.Memento): string[] {
  return state.get<string[]>(RECENT_KEY, []);
}

export async function rememberRequest(state: vscode.Memento, request: string): Promise<void> {
  const recent = [request, ...recentRequests(state).filter((r) => r !== request)].slice(0, RECENT_MAX);
  await state.update(RECENT_KEY, recent);
}

/** Shows the quick pick; resolves with the chosen or typed request text, or undefined. */
export function pickRequest(inputs: SimulationInputs, state: vscode.Memento, initial?: string): Promise<string | undefined> {
  const items: RequestItem[] = [];
  const section = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  const recent = recentRequests(state);
  if (recent.length) section('recent');
  for (const r of recent) items.push({ label: r, request: r });
  if (inputs.witnesses.length) section('a request each rule matches first');
  for (const w of inputs.witnesses) items.push({ label: w.shorthand, description: `rule ${w.rule + 1}`, request: w.shorthand });
  section('typical requests');
  for (const t of inputs.typical) items.push({ label: t.shorthand, description: t.label, request: t.shorthand });

  const pick = vscode.window.createQuickPick<RequestItem>();
  pick.title = 'Simulate a request';
  pick.placeholder = `Type a request (${inputs.syntax}), paste request JSON or an audit Event line, or pick one`;
  pick.items = items;
  pick.matchOnDescription = true;
  if (initial) pick.value = initial;
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.request;
      // Typed text wins when it is not simply the filter of a highlighted item.
      const typed = pick.value.trim();
      finish(chosen && (typed === '' || chosen.includes(typed)) ? chosen : typed || chosen);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

/** Re-asks after a parse error, keeping the text and pointing at the offending character. */
export async function correctRequest(text: string, message: string, offset: number | undefined): Promise<string | undefined> {
  const where = offset !== undefined ? ` (at character ${offset + 1}: "${text.slice(offset, offset + 12)}")` : '';
  return vscode.window.showInputBox({
    title: 'Simulate a request: fix the request',
    value: text,
    valueSelection: offset !== undefined ? [offset, Math.min(text.length, offset + 1)] : undefined,
    prompt: `${message}${where}`,
    ignoreFocusOut: true,
  });
}
