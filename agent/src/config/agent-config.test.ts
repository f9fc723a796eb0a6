import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPlantwatchError } from '@plantwatch/shared';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig, parseAgentConfig } from './agent-config.ts';

const valid = {
  siteId: 'plant-a',
  agentId: 'gw-01',
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  targets: [
    {
      id: 'press-01',
      protocol: 'modbus',
      host: '10.0.0.5',
      blocks: [{ name: 'setpoints', class: 'config', table: 'holding', address: 100, count: 4 }],
    },
  ],
};

function problems(raw: unknown): string {
  try {
    parseAgentConfig(raw);
  } catch (error) {
    if (isPlantwatchError(error, 'invalid_config')) return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('agent config', () => {
  it('fills conservative defaults', () => {
    const config = parseAgentConfig(valid);
    const [target] = config.targets;
    expect(target).toMatchObject({
      port: 502,
      unitId: 1,
      pollIntervalMs: 60_000,
      timeoutMs: 3_000,
      identification: true,
    });
    if (target?.protocol !== 'modbus') throw new Error('expected a Modbus target');
    expect(target.blocks[0]).toMatchObject({ type: 'u16', wordOrder: 'big' });
  });

  it('names the path of every problem', () => {
    const message = problems({
      ...valid,
      targets: [
        { ...valid.targets[0], port: 'x' },
        { ...valid.targets[0], id: 'press/02', blocks: [{ name: 'a', class: 'secret' }] },
      ],
    });
    expect(message).toContain('targets[0].port:');
    expect(message).toContain('targets[1].id:');
    expect(message).toContain('targets[1].blocks[0]');
  });

  it('refuses an unknown protocol, naming the field', () => {
    expect(problems({ ...valid, targets: [{ ...valid.targets[0], protocol: 'profinet' }] })).toContain(
      'targets[0].protocol',
    );
  });

  it('refuses duplicate target ids and duplicate block names', () => {
    const target = valid.targets[0];
    expect(problems({ ...valid, targets: [target, target] })).toContain(
      'targets[1].id: duplicate target id "press-01"',
    );
    const twice = { ...target, blocks: [...target!.blocks, ...target!.blocks] };
    expect(problems({ ...valid, targets: [twice] })).toContain(
      'targets[0].blocks[1].name: duplicate block name',
    );
  });

  it('refuses a block that runs past the end of the address space', () => {
    const target = {
      ...valid.targets[0],
      blocks: [{ name: 'x', class: 'config', table: 'holding', address: 65_535, type: 'u32' }],
    };
    expect(problems({ ...valid, targets: [target] })).toContain(
      'targets[0].blocks[0].count: block ends at address 65536',
    );
  });

  it('refuses a poll interval that would hammer a device', () => {
    expect(problems({ ...valid, targets: [{ ...valid.targets[0], pollIntervalMs: 10 }] })).toContain(
      'targets[0].pollIntervalMs',
    );
  });

  it('loads YAML, reports its syntax errors with a line, and resolves dataDir next to the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pw-agent-config-'));
    const file = path.join(dir, 'agent.yaml');
    await writeFile(
      file,
      'siteId: plant-a\nagentId: gw-01\nmqtt: {url: "mqtt://h:1883"}\ndataDir: state\ntargets:\n  - {id: p1, protocol: modbus, host: h}\n',
    );
    const config = await loadAgentConfig(file);
    expect(config.dataDir).toBe(path.join(dir, 'state'));
    await writeFile(file, 'siteId: [unclosed\n');
    await expect(loadAgentConfig(file)).rejects.toThrow(/is not valid YAML \(line \d+\)/);
    await expect(loadAgentConfig(path.join(dir, 'missing.yaml'))).rejects.toThrow('no such file');
  });
});
