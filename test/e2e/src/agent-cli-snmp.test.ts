import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadSampleTarget } from '@plantwatch/agent';
import { plcProfile, startModbusSimulator } from '@plantwatch/simulators';
import { startSnmpSimulator } from '@plantwatch/simulators/snmp';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleTarget } from './support/stack.ts';
import { createTempDir } from './support/temp-dir.ts';

const run = promisify(execFile);
const AGENT_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@plantwatch/agent/package.json')),
  'bin/plantwatch-agent.js',
);

describe('plantwatch-agent scan with a PLC and a switch', () => {
  it('inventories both with the shipped sample configs, reads only, and lists the switch ports it saw hosts on', async () => {
    const dir = await createTempDir('cli-snmp');
    const plc = await startModbusSimulator(plcProfile('press', 9).options);
    const sw = await startSnmpSimulator({ communities: ['plantwatch-ro'] });
    try {
      const snmpSample = await loadSampleTarget('snmp');
      const config = path.join(dir.path, 'agent.yaml');
      await writeFile(
        config,
        stringify({
          siteId: 'plant-s',
          agentId: 'gw-s',
          mqtt: { url: 'mqtt://127.0.0.1:9' },
          targets: [
            await sampleTarget('press-01', plc),
            { ...snmpSample, id: 'access-sw-1', host: sw.host, port: sw.port, minRequestGapMs: 0 },
          ],
        }),
      );
      const env = { ...process.env, PLANTWATCH_SNMP_COMMUNITY: 'plantwatch-ro' };
      const dryRun = await run(process.execPath, [AGENT_BIN, 'scan', '--config', config, '--dry-run'], {
        env,
      });
      expect(dryRun.stdout).toMatch(/snmp v2c GetBulk/);
      expect(sw.requests).toEqual([]);

      const { stdout } = await run(process.execPath, [AGENT_BIN, 'scan', '--config', config, '--json'], {
        env,
        timeout: 60_000,
      });
      const snapshots = JSON.parse(stdout) as {
        assetId: string;
        poll: { ok: boolean; transcript: { requests: string[] } };
        links?: { port?: string }[];
      }[];
      const byId = Object.fromEntries(snapshots.map((s) => [s.assetId, s]));
      expect(byId['press-01']?.poll.ok).toBe(true);
      const switchSnapshot = byId['access-sw-1'];
      expect(switchSnapshot?.poll.ok).toBe(true);
      expect(switchSnapshot?.links?.length).toBeGreaterThan(0);
      expect(switchSnapshot?.links?.every((link) => typeof link.port === 'string')).toBe(true);
      // One transcript line per datagram the switch received, and none of them a write.
      expect(sw.requests.length).toBe(switchSnapshot?.poll.transcript.requests.length);
      expect(sw.writeRequests()).toEqual([]);
      expect(plc.writeRequests()).toEqual([]);
    } finally {
      await sw.close();
      await plc.close();
      await dir.remove();
    }
  });
});
