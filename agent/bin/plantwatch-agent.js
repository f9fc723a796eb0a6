#!/usr/bin/env node
// The agent ships its TypeScript source; tsx compiles it on load (Node 20 cannot run .ts itself).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
