// uri + version -> DocumentAnalysis, computed once per document version and settings, shared
// by every feature. Bounded: entries are evicted when a document closes or changes.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../policy/analyze';
import type { DocumentAnalysis } from '../policy/analyze';
import type { CustomResourceDefinition } from '../policy/crd';
import type { Settings } from './settings';

interface Entry {
  version: number;
  settings: Settings;
  analysis: DocumentAnalysis;
}

export class Analyses {
  private readonly entries = new Map<string, Entry>();
  private customResources: readonly CustomResourceDefinition[] = [];

  /** Replaces the workspace's custom resources; every analysis is recomputed on next use. */
  setCustomResources(definitions: readonly CustomResourceDefinition[]): void {
    this.customResources = definitions;
    this.entries.clear();
  }

  /** Returns the analysis of this exact document version under these settings. */
  get(document: TextDocument, settings: Settings): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.settings === settings) return cached.analysis;
    const analysis = analyze(document.getText(), {
      kubernetesVersion: settings.kubernetesVersion,
      severities: settings.severity,
      customResources: this.customResources,
    });
    this.entries.set(document.uri, { version: document.version, settings, analysis });
    return analysis;
  }

  /** The last analysis computed for a uri, whatever its version (for stale-tolerant features). */
  peek(uri: string): DocumentAnalysis | undefined {
    return this.entries.get(uri)?.analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
