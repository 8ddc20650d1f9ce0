// ESLint 9 flat config: typescript-eslint's recommended rules (syntax only, no type information,
// so the lint layer stays cheap), Prettier owns formatting (eslint-config-prettier turns off the
// rules that would fight it), and the architecture's walls as no-restricted-imports per folder.
// The walls are also checked, with resolved paths and file:line, by test/unit/architecture.test.ts;
// here they show up in the editor while typing.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** What each folder may not import (besides `vscode`, which only src/extension imports). One
 * no-restricted-imports entry per folder: in a flat config a later entry for the same rule replaces an
 * earlier one, so each folder's walls are listed together. Keep in step with architecture.test.ts. */
const WALLS = {
  'src/engine': ['extension', 'protocol', 'lang'],
  'src/lang': ['extension', 'engine'],
  'src/graph': ['extension', 'protocol', 'lang', 'engine', 'export', 'cli', 'diagram'],
  'src/diagram': ['extension', 'protocol', 'lang', 'engine', 'export', 'cli'],
  'src/protocol': ['extension', 'webview'],
  'src/export': ['extension', 'protocol', 'webview'],
  'src/cli': ['extension', 'protocol', 'webview'],
  webview: ['extension'],
  bench: [],
  scripts: [],
};
const noVscode = { name: 'vscode', message: '`vscode` is imported only under src/extension/.' };
/** A relative import of a top-level folder of src/ (or of webview/), whatever the number of `../`. */
const banned = (name) => ({
  regex: name === 'webview' ? '^(\\.\\./)+webview(/|$)' : `^(\\.\\.?/)+(src/)?${name}(/|$)`,
  message: `the walls (DESIGN.md): this folder does not import ${name === 'webview' ? 'webview/' : `src/${name}/`}.`,
});
const walls = Object.entries(WALLS).map(([dir, names]) => ({
  files: [`${dir}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: names.map(banned) }] },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'media/**',
      'src/engine/backends/wasm/kernels/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      // tsc (strict, noUnusedLocals) already reports these, with types; ESLint would only repeat them.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `!` is how the numeric code says "index in range" after a bounds check; tsc strict stays on.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The house rule: a file past 400 lines is two files (code lines; blank lines and comments are free).
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  // The walls (DESIGN.md, "Where things live").
  ...walls,
  prettier,
  // After `prettier`, which turns max-len off: Prettier wraps code at 140, but not strings or comments,
  // so a long message or comment is split by hand (`a` + `b`) and this keeps every line within 160.
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: { 'max-len': ['error', { code: 160, ignoreUrls: true }] },
  },
);
