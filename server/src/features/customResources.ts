// CustomResourceDefinitions from the workspace files the client sends: parsed once per change,
// then every open policy is re-analysed with their groups and resources in the catalogue.
import type { Connection } from 'vscode-languageserver';
import { parseCustomResourceDefinitions } from '../policy/crd';
import type { CustomResourceDefinition } from '../policy/crd';
import type { CustomResourcesParams } from '../lsp/protocol';

/** Reads the definitions of every file; unreadable documents are logged, never fatal. */
export function readCustomResources(connection: Connection, params: CustomResourcesParams): CustomResourceDefinition[] {
  const definitions: CustomResourceDefinition[] = [];
  for (const file of params.files) {
    const { definitions: found, errors } = parseCustomResourceDefinitions(file.text);
    definitions.push(...found);
    for (const error of errors) connection.console.warn(`${file.uri}: ${error.message}`);
  }
  connection.console.info(`custom resources: ${definitions.length} definitions from ${params.files.length} files`);
  return definitions;
}
