import { createRequire } from 'node:module';
import type { NetSnmp } from './net-snmp.d.ts';

/** net-snmp is CommonJS and ships no types: loaded once here, typed by the local declaration. */
export const snmp = createRequire(import.meta.url)('net-snmp') as NetSnmp;
