// ESLint flat config: typescript-eslint + Vue + Prettier (formatting is Prettier's job, not ESLint's),
// plus the layering rules of docs/STYLE: shared < main/engine < main; the renderer sees only shared.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const nodeBuiltins = {
  regex: '^node:',
  message: 'Code here must run everywhere (renderer, worker, CLI): no Node built-ins.',
}
const electronImport = {
  regex: '^electron(/|$)',
  message: 'Only src/main and src/preload may import electron.',
}
const mainImport = {
  regex: '(^|/)main/',
  message:
    'Imports flow one way: src/main may use src/shared, never the reverse (and the renderer reaches main only through window.api).',
}

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.cache/',
      'bench/data/',
      'test-results/',
      'playwright-report/',
      'e2e/screenshots/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Binary parsing uses bit tricks and non-null assertions on typed-array reads on purpose.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // Bad bytes are data: parsers test control characters in byte ranges.
      'no-control-regex': 'off',
      // Style only, not bugs: an escaped '-' in a character class, and `let x = default` that every
      // branch then overwrites. Shown, but they do not fail the lint.
      'no-useless-escape': 'warn',
      'no-useless-assignment': 'warn',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [nodeBuiltins, electronImport, mainImport].map(toPattern) },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [nodeBuiltins, electronImport, mainImport].map(toPattern) },
      ],
    },
  },
  {
    // The engine runs in a worker / utility process and in the CLI: no Electron there either.
    files: ['src/main/engine/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            toPattern({
              regex: '^electron(/|$)',
              message:
                'The engine and the CLI run outside Electron: no electron imports (see src/main/windows, src/main/ipc).',
            }),
          ],
        },
      ],
    },
  },
  {
    // Bare Node built-in names ('fs', 'path') are just as forbidden as 'node:fs' where Node is.
    files: ['src/shared/**/*.ts', 'src/renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { paths: bareBuiltins() }],
    },
  },
  prettier,
)

function toPattern({ regex, message }) {
  return { regex, message, allowTypeImports: false }
}

function bareBuiltins() {
  const names = [
    'fs',
    'path',
    'os',
    'child_process',
    'crypto',
    'net',
    'http',
    'https',
    'stream',
    'url',
    'util',
    'worker_threads',
    'zlib',
    'buffer',
    'events',
    'module',
    'process',
  ]
  return names.map((name) => ({ name, message: 'No Node built-ins here: this code must run everywhere.' }))
}
