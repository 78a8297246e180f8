// Showing a simulation: the deciding rule highlighted and revealed with an inline message, each
// earlier rule annotated with the condition it failed, and a tree view whose items jump there.
import * as vscode from 'vscode';
import type { EvaluateResult, WireRange } from '../../../server/src/lsp/protocol';

type Ok = Extract<EvaluateResult, { ok: true }>;

const matched = vscode.window.createTextEditorDecorationType({
  isWholeLine: true,
  backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Full,
});
const annotation = vscode.window.createTextEditorDecorationType({
  after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
});

export function toRange(r: WireRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Paints the result into the editor and reveals the deciding rule (or where a catch-all goes). */
export function paint(editor: vscode.TextEditor, result: Ok): void {
  const notes: vscode.DecorationOptions[] = result.trace.map((t) => ({
    range: lineEnd(editor, t.line),
    renderOptions: { after: { contentText: `✗ rule ${t.rule + 1} skipped: ${t.reason}` } },
  }));
  if (result.ruleRange) {
    const full = toRange(result.ruleRange);
    // A rule's span ends after its last newline; do not shade the line after it.
    const range =
      full.end.character === 0 && full.end.line > full.start.line
        ? new vscode.Range(full.start, new vscode.Position(full.end.line - 1, 0))
        : full;
    editor.setDecorations(matched, [range]);
    notes.push({ range: lineEnd(editor, range.start.line), renderOptions: { after: { contentText: `✔ ${result.summary}` } } });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } else {
    editor.setDecorations(matched, []);
    const at = result.catchAllAt ? toRange(result.catchAllAt).start.line : 0;
    notes.push({
      range: lineEnd(editor, Math.max(0, at)),
      renderOptions: { after: { contentText: `⚠ ${result.summary} A catch-all rule (- level: Metadata) here would log it.` } },
    });
    editor.revealRange(new vscode.Range(at, 0, at, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  editor.setDecorations(annotation, notes);
}

export function clear(editor: vscode.TextEditor): void {
  editor.setDecorations(matched, []);
  editor.setDecorations(annotation, []);
}

function lineEnd(editor: vscode.TextEditor, line: number): vscode.Range {
  const safe = Math.min(line, editor.document.lineCount - 1);
  const end = editor.document.lineAt(safe).range.end;
  return new vscode.Range(end, end);
}

/** The simulation as a tree: request, outcome, then one clickable item per earlier rule. */
export class SimulationTree implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: vscode.TreeItem[] = [];

  show(uri: vscode.Uri, request: string, result: Ok): void {
    const jump = (range: WireRange | undefined, title: string): vscode.Command | undefined =>
      range && { command: 'vscode.open', title, arguments: [uri, { selection: toRange(range) }] };
    const head = new vscode.TreeItem(`Request: ${result.shorthand}`);
    head.tooltip = request;
    const outcome = new vscode.TreeItem(result.rule === null ? 'No rule matches: not logged' : `Rule ${result.rule + 1}: ${result.level}`);
    outcome.description = result.rule === null ? 'a catch-all at the end would log it' : `stages ${result.stages.join(', ') || 'none'}`;
    outcome.tooltip = result.summary;
    outcome.command = jump(result.ruleRange ?? result.catchAllAt, 'Show rule');
    outcome.iconPath = new vscode.ThemeIcon(result.rule === null ? 'warning' : 'pass');
    const contains = new vscode.TreeItem(`Records: ${result.contains}`);
    const skipped = result.trace.map((t) => {
      const item = new vscode.TreeItem(`Rule ${t.rule + 1} (line ${t.line + 1}) skipped`);
      item.description = t.reason;
      item.tooltip = t.reason;
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.command = jump(t.range, 'Show condition');
      return item;
    });
    this.items = [head, outcome, contains, ...skipped];
    this.changed.fire();
  }

  reset(): void {
    this.items = [];
    this.changed.fire();
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(item?: vscode.TreeItem): vscode.TreeItem[] {
    return item ? [] : this.items;
  }
}
