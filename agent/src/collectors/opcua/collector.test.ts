import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffStates, identitySchema, LIMITS, pointValueSchema, trackedState } from '@plantwatch/protocol';
import { createLogger } from '@plantwatch/shared';
import {
  DEFAULT_BUILD_INFO,
  DEFAULT_DEVICE,
  DEFAULT_SETPOINTS,
  type OpcuaSimulator,
  PLC_NAMESPACE_URI,
  startOpcuaSimulator,
} from '@plantwatch/simulators/opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevicePacer, createRequestGate } from '../../poller/request-gate.ts';
import { opcuaCollector } from './collector.ts';
import {
  ALLOWED_REQUESTS,
  connectOpcuaReader,
  READ_FUNCTIONS,
  restrictToReadServices,
} from './read-only-client.ts';
import { poll, sampleTarget, valueAt } from './test-support.ts';

// One server for the file (the DI nodeset takes about a second to load); each test undoes its changes.
let sim: OpcuaSimulator;
let pkiDir: string;
beforeAll(async () => {
  pkiDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-opcua-agent-'));
  sim = await startOpcuaSimulator();
}, 30_000);
afterAll(async () => {
  await sim?.close();
  await rm(pkiDir, { recursive: true, force: true });
});

/** A port that was free a moment ago and has nothing listening now. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

const setpointNodes = () =>
  Object.keys(DEFAULT_SETPOINTS).map((name) => ({
    name: `setpoints.${name}`,
    nodeId: `nsu=${PLC_NAMESPACE_URI};s=Program.Setpoints.${name}`,
    class: 'config',
  }));
const processNode = () => ({
  name: 'process.ramPosition',
  nodeId: sim.nodeId('RamPosition'),
  class: 'volatile',
});
const target = (overrides: Record<string, unknown> = {}) =>
  sampleTarget(sim, pkiDir, { nodes: [...setpointNodes(), processNode()], ...overrides });

describe('opcua collector against the simulator', { timeout: 20_000 }, () => {
  it('reads identity from the DI DeviceSet and BuildInfo, values by class, and only reads', async () => {
    sim.clearRequests();
    const { reading, transcript } = await poll(await target());

    expect(reading.identity).toEqual({
      vendor: DEFAULT_DEVICE.manufacturer,
      model: DEFAULT_DEVICE.model,
      serial: DEFAULT_DEVICE.serialNumber,
      productCode: DEFAULT_DEVICE.productCode,
      productName: DEFAULT_BUILD_INFO.productName,
      hardwareRevision: DEFAULT_DEVICE.hardwareRevision,
      softwareRevision: DEFAULT_DEVICE.softwareRevision,
      firmware: DEFAULT_DEVICE.softwareRevision,
      deviceRevision: DEFAULT_DEVICE.deviceRevision,
    });
    // Everything fits the protocol's contract, as pollTarget will check before publishing.
    expect(identitySchema.safeParse(reading.identity).success).toBe(true);
    expect(reading.values.filter((v) => !pointValueSchema.safeParse(v).success)).toEqual([]);
    expect(reading.values.length).toBeLessThan(LIMITS.valuesPerAsset);
    const byPath = new Map(reading.values.map((v) => [v.path, v]));
    expect(byPath.get('server.buildInfo.softwareVersion')).toEqual({
      path: 'server.buildInfo.softwareVersion',
      class: 'identity',
      value: DEFAULT_BUILD_INFO.softwareVersion,
    });
    expect(byPath.get('server.startTime')?.class).toBe('config');
    expect(byPath.get('server.state')).toMatchObject({ class: 'volatile', value: 'Running' });
    expect(byPath.get('device.PLC-1.revisionCounter')).toMatchObject({
      class: 'config',
      value: DEFAULT_DEVICE.revisionCounter,
    });
    expect(byPath.get('setpoints.Tonnage')).toEqual({
      path: 'setpoints.Tonnage',
      class: 'config',
      value: DEFAULT_SETPOINTS.Tonnage,
    });
    expect(byPath.get('process.ramPosition')?.class).toBe('volatile');
    expect(reading.values.filter((v) => v.path.startsWith('namespaces[')).map((v) => v.value)).toContain(
      PLC_NAMESPACE_URI,
    );
    expect(byPath.get('structure.fingerprint')?.value).toMatch(/^[0-9a-f]{64}$/);
    expect(byPath.get('structure.truncated')?.value).toBe(false);

    // The transcript is the wire: one line per service request, in the same order.
    const services = sim.requests.map((r) =>
      r.service.replace(/Request$/, '').replace('PathsToNodeIds', 'Path'),
    );
    expect(transcript.map((line) => line.split(' ')[1])).toEqual(services);
    // What plan() knows before connecting is what the poll then sends.
    expect(transcript.slice(0, 4)).toEqual(opcuaCollector.plan(await target()).slice(0, 4));
    expect(transcript.at(-1)).toBe('opcua CloseSession');
    expect(sim.requests.every((r) => ALLOWED_REQUESTS.has(r.service))).toBe(true);
    expect(sim.writeRequests()).toEqual([]);
  });

  it('reports a changed setpoint as drift on its path, and a changed process value as nothing', async () => {
    const first = await poll(await target());
    sim.setValue('RamPosition', 7.25);
    const quiet = await poll(await target());
    expect(valueAt(quiet.reading, 'process.ramPosition')).toBe(7.25);
    expect(diffStates(trackedState(first.reading), trackedState(quiet.reading))).toEqual([]);

    sim.setValue('Tonnage', 1150);
    try {
      const changed = await poll(await target());
      expect(diffStates(trackedState(quiet.reading), trackedState(changed.reading))).toEqual([
        { path: 'setpoints.Tonnage', change: 'changed', before: DEFAULT_SETPOINTS.Tonnage, after: 1150 },
      ]);
    } finally {
      sim.setValue('Tonnage', DEFAULT_SETPOINTS.Tonnage ?? 0);
    }
  });

  it('changes structure.fingerprint when the program gains or loses a node', async () => {
    const before = await poll(await target({ nodes: [] }));
    sim.addSetpoint('RamSpeed', 80);
    let added: Awaited<ReturnType<typeof poll>>;
    try {
      added = await poll(await target({ nodes: [] }));
    } finally {
      sim.removeVariable('RamSpeed');
    }
    const changes = diffStates(trackedState(before.reading), trackedState(added.reading));
    expect(changes.map((c) => c.path)).toEqual(['structure.fingerprint', 'structure.nodeCount']);
    expect(valueAt(added.reading, 'structure.nodeCount')).toBe(
      Number(valueAt(before.reading, 'structure.nodeCount')) + 1,
    );
    const removed = await poll(await target({ nodes: [] }));
    expect(valueAt(removed.reading, 'structure.fingerprint')).toBe(
      valueAt(before.reading, 'structure.fingerprint'),
    );
  });

  it('sees a restart as a new server.startTime', async () => {
    const before = await poll(await target({ nodes: [], browse: { enabled: false } }));
    await sim.restart();
    const after = await poll(await target({ nodes: [], browse: { enabled: false } }));
    const changes = diffStates(trackedState(before.reading), trackedState(after.reading));
    expect(changes.map((c) => c.path)).toEqual(['server.startTime']);
    expect(Date.parse(String(changes[0]?.after))).toBeGreaterThan(Date.parse(String(changes[0]?.before)));
  });

  it('keeps the browse within maxNodes and maxDepth', async () => {
    const small = await poll(await target({ nodes: [], browse: { maxNodes: 5 } }));
    expect(valueAt(small.reading, 'structure.nodeCount')).toBe(5);
    expect(valueAt(small.reading, 'structure.truncated')).toBe(true);

    // Depth 1: the root's children are recorded, nothing below them is browsed.
    sim.clearRequests();
    const shallow = await poll(await target({ nodes: [], readDeviceSet: false, browse: { maxDepth: 1 } }));
    const browses = sim.requests.filter((r) => r.service === 'BrowseRequest');
    expect(browses.map((r) => r.nodeIds)).toEqual([['ns=0;i=85']]);
    expect(shallow.transcript).toContain('opcua Browse ns=0;i=85 depth 0');
    expect(valueAt(shallow.reading, 'structure.truncated')).toBe(false);
  });

  it('follows continuation points: a server that hands out 2 references at a time gives the same fingerprint', async () => {
    const plain = await poll(await target({ nodes: [], readDeviceSet: false }));
    sim.setBrowseLimits({ maxReferencesPerNode: 2, maxBrowseContinuationPoints: 3 });
    sim.clearRequests();
    let paged: Awaited<ReturnType<typeof poll>>;
    try {
      paged = await poll(await target({ nodes: [], readDeviceSet: false }));
    } finally {
      sim.setBrowseLimits({ maxReferencesPerNode: undefined, maxBrowseContinuationPoints: undefined });
    }
    const browseNext = sim.requests.filter((r) => r.service === 'BrowseNextRequest');
    expect(browseNext.length).toBeGreaterThan(0);
    expect(Math.max(...browseNext.map((r) => r.continuationPoints ?? 0))).toBeLessThanOrEqual(3);
    expect(
      Math.max(
        ...sim.requests.filter((r) => r.service === 'BrowseRequest').map((r) => r.nodeIds?.length ?? 0),
      ),
    ).toBe(3);
    expect(paged.transcript).toContain('opcua BrowseNext 1 continuation point');
    expect(valueAt(paged.reading, 'structure.fingerprint')).toBe(
      valueAt(plain.reading, 'structure.fingerprint'),
    );
    expect(valueAt(paged.reading, 'structure.nodeCount')).toBe(valueAt(plain.reading, 'structure.nodeCount'));
  });

  it('fails with a timeout when the server stops answering, within the target timeout', async () => {
    sim.injectFault({ kind: 'timeout' }, { service: 'ReadRequest', times: 1 });
    sim.clearRequests();
    const started = performance.now();
    const failed = await poll(await target({ timeoutMs: 400 })).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'timeout', message: expect.stringContaining('opcua Read') });
    // node-opcua alone would wait at least 5 s.
    expect(performance.now() - started).toBeLessThan(3_000);
    // The channel is dropped without a CloseSession: the transcript still matches the wire.
    const transcript = (failed as { transcript: string[] }).transcript;
    expect(transcript.map((line) => line.split(' ')[1])).toEqual([
      'GetEndpoints',
      'CreateSession',
      'ActivateSession',
      'Read',
    ]);
    expect(sim.requests.map((r) => r.service)).toEqual([
      'GetEndpointsRequest',
      'CreateSessionRequest',
      'ActivateSessionRequest',
      'ReadRequest',
    ]);
  });

  it('reports a service fault with its status code', async () => {
    sim.injectFault(
      { kind: 'status', statusCode: 'BadTooManyOperations' },
      { service: 'BrowseRequest', times: 1 },
    );
    await expect(poll(await target({ readDeviceSet: false }))).rejects.toMatchObject({
      code: 'device_error',
      details: { statusCode: 'BadTooManyOperations' },
    });
  });

  it('cannot connect to a closed port and says where it tried', async () => {
    const port = await closedPort();
    await expect(poll(await sampleTarget({ host: '127.0.0.1', port }, pkiDir))).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining(`opc.tcp://127.0.0.1:${port}`),
    });
  });
});

describe('the read-only client facade', { timeout: 20_000 }, () => {
  const connect = () => {
    const signal = new AbortController().signal;
    const gate = createRequestGate({ deviceKey: 'sim', minGapMs: 0, pacer: createDevicePacer(), signal });
    const reader = connectOpcuaReader({
      endpointUrl: sim.endpointUrl,
      securityMode: 'none',
      securityPolicy: 'None',
      identity: { type: 'anonymous' },
      pkiDir,
      timeoutMs: 2_000,
      gate,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    return { gate, reader };
  };

  it('exposes Read, Browse, BrowseNext, TranslateBrowsePath and close only, and cannot be extended', async () => {
    const reader = await connect().reader;
    try {
      const functions = Object.keys(reader).filter(
        (key) => typeof (reader as unknown as Record<string, unknown>)[key] === 'function',
      );
      expect(functions.sort()).toEqual([...READ_FUNCTIONS, 'close'].sort());
      expect(Object.isFrozen(reader)).toBe(true);
      expect(() => {
        (reader as unknown as Record<string, unknown>).write = () => {};
      }).toThrow(TypeError);
    } finally {
      await reader.close();
    }
  });

  it('refuses a malformed node id before anything is sent or recorded', async () => {
    const { gate, reader } = connect();
    const opened = await reader;
    try {
      sim.clearRequests();
      const sent = gate.requests.length;
      await expect(opened.read(['ns=3;x=nonsense'])).rejects.toMatchObject({ code: 'invalid_argument' });
      expect(gate.requests.length).toBe(sent);
      expect(sim.requests).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('lets only read services through to the secure channel', () => {
    const sent: string[] = [];
    const channel = {
      performMessageTransaction(
        request: { schema: { name: string } },
        callback: (error: Error | null) => void,
      ) {
        sent.push(request.schema.name);
        callback(null);
      },
    };
    restrictToReadServices(channel);
    const outcome = (name: string) => {
      let result: Error | null | undefined;
      channel.performMessageTransaction({ schema: { name } }, (error) => {
        result = error;
      });
      return result;
    };
    for (const refused of [
      'WriteRequest',
      'CallRequest',
      'AddNodesRequest',
      'DeleteNodesRequest',
      'CreateSubscriptionRequest',
    ]) {
      expect(outcome(refused)).toMatchObject({ code: 'internal', message: expect.stringContaining(refused) });
    }
    expect(outcome('ReadRequest')).toBeNull();
    expect(sent).toEqual(['ReadRequest']);
  });
});
