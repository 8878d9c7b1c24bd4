import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      'scratch/**',
      'coverage/**',
      'test/.readme/**',
      '.bench/**',
      'dist-cjs/**',
      'test/.notebooks/**',
      'test/.artifacts/**',
      '.gl/**',
      '.devcarry/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
