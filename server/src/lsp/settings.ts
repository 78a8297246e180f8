// Typed settings with defaults, pulled per document from the client and cached until the
// client says they changed. Declared once in package.json, typed once here.
import type { Connection } from 'vscode-languageserver';
import type { SeverityOverride } from '../policy/suppress';
import { parseKubernetesVersion } from '../policy/version';

export interface Settings {
  /** Empty: the newest version the engine knows. */
  kubernetesVersion: string;
  severity: Record<string, SeverityOverride>;
}

export const DEFAULT_SETTINGS: Settings = { kubernetesVersion: '', severity: {} };

const OVERRIDES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Parses whatever the client sent, falling back to defaults field by field. */
export function parseSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as { kubernetesVersion?: unknown; severity?: unknown };
  const version =
    typeof value.kubernetesVersion === 'string' && parseKubernetesVersion(value.kubernetesVersion) ? value.kubernetesVersion : '';
  const severity: Record<string, SeverityOverride> = {};
  if (value.severity && typeof value.severity === 'object') {
    for (const [code, level] of Object.entries(value.severity as Record<string, unknown>)) {
      if (typeof level === 'string' && OVERRIDES.includes(level)) severity[code] = level as SeverityOverride;
    }
  }
  return { kubernetesVersion: version, severity };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'auditPolicy' })
        .then(parseSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
