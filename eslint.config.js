import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'electron/libvirt/protocol/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['renderer/**', 'electron/devhost/bridge.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Only the shell may import electron: the core must run (and be tested) under plain Node.
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron.', allowTypeImports: false }] }],
    },
  },
  {
    // The renderer reaches main only through the preload contract.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/electron/**', 'electron'], message: 'The renderer talks to main only through preload/contract.' }] }],
    },
  },
);
