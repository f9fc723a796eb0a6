import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Read-only by construction: only the read-only client facades may import a protocol library, and
 * no agent source may even name a write API. The wire-level proof is in the simulator tests.
 */
const SOURCE_ROOT = path.dirname(new URL(import.meta.url).pathname);
const PROTOCOL_LIBRARIES: Record<string, string> = {
  'modbus-serial': 'collectors/modbus/read-only-client.ts',
  'net-snmp': 'collectors/snmp/read-only-client.ts',
  'node-opcua-client': 'collectors/opcua/read-only-client.ts',
  'node-opcua': 'collectors/opcua/read-only-client.ts',
};
const WRITE_APIS =
  /\b(writeRegisters?|writeCoils?|writeFC(5|6|15|16|22|23)|maskWriteRegister|writeRegisterEnron|writeSingleNode|session\.(write|call|set)|setRequest)\b/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the agent is read-only by construction', () => {
  it('imports each protocol library from its read-only facade only', async () => {
    const files = await sourceFiles(SOURCE_ROOT);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [library, facade] of Object.entries(PROTOCOL_LIBRARIES)) {
        // The library itself or any of its subpaths, statically or lazily imported.
        const name = `${library}(/[^']*)?'`;
        const imports = new RegExp(`from '${name}|import\\('${name}\\)|require\\('${name}\\)`).test(text);
        if (imports) expect(path.relative(SOURCE_ROOT, file)).toBe(facade);
      }
    }
  });

  it('names no write API anywhere in agent code', async () => {
    for (const file of await sourceFiles(SOURCE_ROOT)) {
      const text = await readFile(file, 'utf8');
      const match = WRITE_APIS.exec(text);
      expect(match?.[0], `${path.relative(SOURCE_ROOT, file)} names a write API`).toBeUndefined();
    }
  });
});
