// Plain engine types. The engine speaks offsets into the host file's text (UTF-16 code units, as
// JavaScript strings index them); the LSP layer converts them to positions in one place.

/** A half-open range [start, end) of offsets into the host file's text. */
export interface Span {
  start: number;
  end: number;
}

/** `error` is reserved for what makes kube-apiserver refuse the file (DESIGN.md). */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A replacement of the text at `span` (offsets in the host file). */
export interface Edit {
  span: Span;
  newText: string;
}

/** A fix that travels with its finding; the LSP layer turns it into a code action. */
export interface Fix {
  title: string;
  edits: Edit[];
  /** Marks the fix a user most likely wants (shown first, applied by "fix all"). */
  preferred?: boolean;
}

export interface Related {
  span: Span;
  message: string;
}

export type FindingTag = 'unnecessary' | 'deprecated';

/** One diagnostic produced by the engine, before any presentation. */
export interface Finding {
  /** Stable kebab-case code documented in docs/diagnostics.md. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** kube-apiserver's field path for parity errors (`rules[2].omitStages[0]`), else the model path. */
  path?: string;
  related?: Related[];
  fixes?: Fix[];
  tags?: FindingTag[];
}

/** Cancellation as the engine sees it: LSP's CancellationToken satisfies it without an import. */
export interface CancellationFlag {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationFlag = { isCancellationRequested: false };
