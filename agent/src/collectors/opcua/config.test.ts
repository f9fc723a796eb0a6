import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatIssues } from '@plantwatch/protocol';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { opcuaCollector } from './collector.ts';
import { endpointUrlOf, opcuaTargetSchema, securityPolicyOf } from './config.ts';
import { resolveOpcuaTargetPaths } from './identity.ts';
import { namespaceUriForm, normalizeNodeId, resolveNodeId } from './node-ids.ts';
import { SAMPLE_FILE } from './test-support.ts';

const minimal = { id: 'press-02', protocol: 'opcua', host: '10.0.0.5' };
const issues = (raw: object) => {
  const parsed = opcuaTargetSchema.safeParse({ ...minimal, ...raw });
  return parsed.success ? [] : formatIssues(parsed.error);
};

describe('opcua target config', () => {
  it('defaults to a secure channel, anonymous, port 4840 and a bounded browse of Objects', () => {
    const target = opcuaTargetSchema.parse(minimal);
    expect(target).toMatchObject({
      port: 4840,
      securityMode: 'signAndEncrypt',
      identity: { type: 'anonymous' },
      pkiDir: './opcua-pki',
      readDeviceSet: true,
      browse: { enabled: true, roots: ['i=85'], maxDepth: 6, maxNodes: 2000, includeNamespaceZero: false },
    });
    expect(securityPolicyOf(target)).toBe('Basic256Sha256');
    expect(securityPolicyOf({ ...target, securityMode: 'none' })).toBe('None');
    expect(endpointUrlOf({ ...target, endpointPath: '/UA/Press' })).toBe('opc.tcp://10.0.0.5:4840/UA/Press');
    expect(endpointUrlOf({ ...target, host: 'fd00::5' })).toBe('opc.tcp://[fd00::5]:4840');
  });

  it('refuses deprecated and mismatched security policies, saying why', () => {
    expect(issues({ securityPolicy: 'Basic128Rsa15' })).toEqual([
      expect.stringMatching(
        /^securityPolicy: Basic128Rsa15 is deprecated by OPC UA 1\.04.*use Basic256Sha256$/,
      ),
    ]);
    expect(issues({ securityPolicy: 'Basic256' })[0]).toMatch(/deprecated/);
    expect(issues({ securityMode: 'sign', securityPolicy: 'None' })[0]).toMatch(
      /needs a policy other than None/,
    );
    expect(issues({ securityMode: 'none', securityPolicy: 'Basic256Sha256' })[0]).toMatch(
      /takes policy None/,
    );
    expect(issues({ securityPolicy: 'Rot13' })[0]).toMatch(/unknown security policy/);
  });

  it('names the failing path for identities, node ids and duplicate names', () => {
    expect(issues({ identity: { type: 'username', username: 'u', passwordEnv: 'lower' } })[0]).toMatch(
      /^identity\.passwordEnv: must be an environment variable name/,
    );
    expect(issues({ identity: { type: 'username', username: 'u', password: 'in the file' } })[0]).toMatch(
      /^identity\.passwordEnv/,
    );
    const node = { name: 'speed', class: 'config' };
    expect(issues({ nodes: [{ ...node, nodeId: 'Program.Speed' }] })[0]).toMatch(
      /^nodes\[0\]\.nodeId: must be a node id/,
    );
    expect(
      issues({
        nodes: [
          { ...node, nodeId: 'i=1' },
          { ...node, nodeId: 'i=2' },
        ],
      }),
    ).toEqual(['nodes[1].name: duplicate node name "speed"']);
    for (const nodeId of [
      'i=2258',
      'ns=3;s=Program.Speed',
      'nsu=urn:x:y;s=A b',
      'ns=1;g=0a1b2c3d-0000-1111-2222-333344445555',
      'ns=2;b=AAEC',
    ]) {
      expect(issues({ nodes: [{ ...node, nodeId }] })).toEqual([]);
    }
  });

  it('ships a sample that parses and plans', async () => {
    const [sample] = parseYaml(await readFile(SAMPLE_FILE, 'utf8')) as object[];
    const target = opcuaTargetSchema.parse(sample);
    expect(target.nodes.map((n) => n.class)).toEqual(['config', 'config', 'volatile']);
    const plan = opcuaCollector.plan(target);
    expect(plan[0]).toBe('opcua GetEndpoints opc.tcp://10.20.0.12:4840 for discovery over None');
    expect(plan).toContain('opcua ActivateSession username plantwatch');
    expect(plan.at(-1)).toBe('opcua CloseSession');
    expect(plan.every((line) => line.length <= 200)).toBe(true);
  });

  it('resolves the PKI folder and certificate files against the config file folder', () => {
    const target = opcuaTargetSchema.parse({
      ...minimal,
      identity: { type: 'certificate', certificateFile: 'user/cert.pem', privateKeyFile: '/abs/key.pem' },
    });
    const resolved = resolveOpcuaTargetPaths(target, '/etc/plantwatch');
    expect(resolved.pkiDir).toBe(path.join('/etc/plantwatch', 'opcua-pki'));
    expect(resolved.identity).toMatchObject({
      certificateFile: '/etc/plantwatch/user/cert.pem',
      privateKeyFile: '/abs/key.pem',
    });
  });
});

describe('node ids', () => {
  const namespaces = [
    'http://opcfoundation.org/UA/',
    'urn:server',
    'http://opcfoundation.org/UA/DI/',
    'urn:plc',
  ];
  it('are written the way node-opcua prints them, with namespace URIs resolved', () => {
    expect(normalizeNodeId('i=85')).toBe('ns=0;i=85');
    expect(resolveNodeId('nsu=urn:plc;s=Program.Speed', namespaces)).toBe('ns=3;s=Program.Speed');
    expect(() => resolveNodeId('nsu=urn:missing;i=1', namespaces)).toThrow(/urn:missing/);
    expect(namespaceUriForm('ns=3;s=Program.Speed', namespaces)).toBe('nsu=urn:plc;s=Program.Speed');
    expect(namespaceUriForm('ns=0;i=85', namespaces)).toBe('ns=0;i=85');
  });
});
