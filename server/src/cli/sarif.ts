// SARIF 2.1.0 output for code scanning (GitHub, GitLab, Azure DevOps): one run, one rule per
// diagnostic code, 1-based UTF-16 columns as SARIF's default columnKind says.
import { DIAGNOSTICS_DOCS_URL } from '../lsp/protocol';
import type { FileReport } from './findingsJson';
import { toJsonDiagnostics } from './findingsJson';
import type { JsonRange } from './findingsJson';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function toSarif(reports: FileReport[], toolVersion: string): object {
  const codes = new Set<string>();
  const results = reports.flatMap((report) =>
    toJsonDiagnostics(report.text, report.findings).map((d) => {
      codes.add(d.code);
      return {
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [location(report.path, d.range)],
        ...(d.related
          ? { relatedLocations: d.related.map((r, id) => ({ id, ...location(report.path, r.range), message: { text: r.message } })) }
          : {}),
        ...(d.field ? { properties: { field: d.field } } : {}),
      };
    }),
  );
  const rules = [...codes]
    .sort()
    .map((id) => ({ id, name: id, helpUri: `${DIAGNOSTICS_DOCS_URL}#${id}`, shortDescription: { text: id.replace(/-/g, ' ') } }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'audit-policy', version: toolVersion, informationUri: DIAGNOSTICS_DOCS_URL, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function location(path: string, range: JsonRange) {
  return {
    physicalLocation: {
      artifactLocation: { uri: path.replace(/\\/g, '/') },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}
