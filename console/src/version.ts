import { readFileSync } from 'node:fs';

/** This package's version, as CEF messages and `--version` report it. */
export const CONSOLE_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
