// typescript-eslint recommended, plus the house invariants: the engine never imports an editor
// or LSP library, promises are never left floating, type-only imports are marked as such.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test/e2e/**', 'test/ui/**', 'bench/**', 'scripts/**', '*.mjs', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // node:test's describe/it return promises the runner awaits itself.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
    },
  },
  {
    files: ['server/src/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-*', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'The engine (server/src/policy) must not depend on an editor or LSP library.' },
            { group: ['../lsp/*', '../features/*', '../cli/*', '../../lsp/*', '../../features/*', '../../cli/*'], message: 'The engine must not import its fronts.' },
          ],
        },
      ],
    },
  },
);
