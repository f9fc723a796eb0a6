#!/usr/bin/env node
// The package ships its TypeScript source; tsx compiles it on load (Node 20 cannot run .ts itself).
// The tsconfig is named explicitly: tsx would otherwise look in the caller's working directory,
// and without this package's JSX settings the pages would fail at run time.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli.ts');
