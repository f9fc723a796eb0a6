import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AttributeIds, BrowseDirection, DataType, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE, DEFAULT_SETPOINTS } from './defaults.ts';
import { startOpcuaSimulator } from './simulator.ts';
import { openTestSession } from './test-client.ts';
import type { OpcuaSimulator } from './types.ts';

// One server for the file: loading the DI nodeset takes about a second.
let sim: OpcuaSimulator;
let pkiDir: string;
beforeAll(async () => {
  pkiDir = await mkdtemp(path.join(tmpdir(), 'plantwatch-opcua-client-'));
  sim = await startOpcuaSimulator({ users: { tech: 'pass' }, maxReferencesPerNode: 2 });
}, 30_000);
afterAll(async () => {
  await sim?.close();
  await rm(pkiDir, { recursive: true, force: true });
});

type Session = Awaited<ReturnType<typeof openTestSession>>['session'];

async function withSession<T>(work: (session: Session) => Promise<T>) {
  const client = await openTestSession(sim.endpointUrl, { pkiDir, timeoutMs: 1_000 });
  try {
    return await work(client.session);
  } finally {
    await client.close();
  }
}

/** Forward hierarchical references of a node; the simulator caps them at 2 per reply, so this follows BrowseNext. */
async function browseAll(session: Session, nodeId: string) {
  const references: { nodeId: string; browseName: string; referenceTypeId: string }[] = [];
  let result = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'i=33',
    includeSubtypes: true,
    resultMask: 63,
  });
  for (;;) {
    for (const r of result.references ?? []) {
      references.push({
        nodeId: r.nodeId.toString(),
        browseName: r.browseName.name ?? '',
        referenceTypeId: r.referenceTypeId.toString(),
      });
    }
    if (!result.continuationPoint) return references;
    result = await session.browseNext(result.continuationPoint, false);
  }
}

const readValue = (nodeId: string) =>
  withSession(
    async (session) => (await session.read({ nodeId, attributeId: AttributeIds.Value })).value.value,
  );

describe('the OPC UA simulator', { timeout: 20_000 }, () => {
  it('listens on a port of its own and records every service request with its node ids', async () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.endpointUrl).toBe(`opc.tcp://127.0.0.1:${sim.port}`);
    sim.clearRequests();
    const tonnage = sim.nodeId('Tonnage');
    expect(tonnage).toBe(`ns=${sim.namespaceIndex};s=Program.Setpoints.Tonnage`);
    expect(await readValue(tonnage)).toBe(DEFAULT_SETPOINTS.Tonnage);
    expect(sim.requests.map((r) => r.service)).toEqual([
      'GetEndpointsRequest',
      'CreateSessionRequest',
      'ActivateSessionRequest',
      'ReadRequest',
      'CloseSessionRequest',
    ]);
    expect(sim.requests[3]?.nodeIds).toEqual([tonnage]);
  });

  it('serves a DI DeviceSet with the device identity', async () => {
    const values = await withSession(async (session) => {
      const ns = (await session.readNamespaceArray()).indexOf('http://opcfoundation.org/UA/DI/');
      const device = `ns=${sim.namespaceIndex};s=Devices.${DEFAULT_DEVICE.name}`;
      const set = await browseAll(session, `ns=${ns};i=5001`);
      expect(set.map((r) => r.nodeId)).toContain(device);
      const paths = ['Manufacturer', 'SerialNumber', 'RevisionCounter'].map((name) => ({
        startingNode: device,
        relativePath: { elements: [{ targetName: { namespaceIndex: ns, name } }] },
      }));
      const targets = await session.translateBrowsePath(paths);
      return Promise.all(
        targets.map(async (t) => (await session.read({ nodeId: t.targets?.[0]?.targetId })).value.value),
      );
    });
    expect(values[0]?.text).toBe(DEFAULT_DEVICE.manufacturer);
    expect(values.slice(1)).toEqual([DEFAULT_DEVICE.serialNumber, DEFAULT_DEVICE.revisionCounter]);
  });

  it('records enough of Read, Browse and TranslateBrowsePaths to send them again', async () => {
    sim.clearRequests();
    const device = `ns=${sim.namespaceIndex};s=Devices.${DEFAULT_DEVICE.name}`;
    await withSession(async (session) => {
      await session.read({ nodeId: 'i=2259', attributeId: AttributeIds.Value }, 500);
      session.requestedMaxReferencesPerNode = 7;
      await session.browse({
        nodeId: device,
        browseDirection: BrowseDirection.Forward,
        referenceTypeId: 'i=46',
        includeSubtypes: false,
        nodeClassMask: 2,
        resultMask: 63,
      });
      await session.translateBrowsePath({
        startingNode: device,
        relativePath: {
          elements: [
            {
              referenceTypeId: 'i=33',
              includeSubtypes: true,
              targetName: { namespaceIndex: 2, name: 'Model' },
            },
          ],
        },
      });
    });
    const [read, browse, translate] = sim.requests.slice(3);
    expect(read).toMatchObject({
      nodeIds: ['ns=0;i=2259'],
      attributeIds: [AttributeIds.Value],
      maxAge: 500,
      timestampsToReturn: 'Both',
    });
    expect(browse).toMatchObject({
      nodeIds: [device],
      requestedMaxReferencesPerNode: 7,
      browseDescriptions: [
        {
          referenceTypeId: 'ns=0;i=46',
          browseDirection: 'Forward',
          includeSubtypes: false,
          nodeClassMask: 2,
          resultMask: 63,
        },
      ],
    });
    expect(translate?.service).toBe('TranslateBrowsePathsToNodeIdsRequest');
    expect(translate?.browsePaths).toEqual([
      {
        startingNode: device,
        elements: [
          { referenceTypeId: 'ns=0;i=33', isInverse: false, includeSubtypes: true, targetName: '2:Model' },
        ],
      },
    ]);
  });

  it('refuses and records Write and Call; the value does not change', async () => {
    sim.clearRequests();
    const tonnage = sim.nodeId('Tonnage');
    await withSession(async (session) => {
      const written = session.write({
        nodeId: tonnage,
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.Double, value: 1 } },
      });
      await expect(written).rejects.toThrow(/BadUserAccessDenied/);
      await expect(
        session.call({ objectId: 'i=2253', methodId: 'i=11492', inputArguments: [] }),
      ).rejects.toThrow(/BadUserAccessDenied/);
    });
    expect(sim.writeRequests().map((r) => [r.service, r.nodeIds])).toEqual([
      ['WriteRequest', [tonnage]],
      ['CallRequest', ['ns=0;i=11492']],
    ]);
    expect(await readValue(tonnage)).toBe(DEFAULT_SETPOINTS.Tonnage);
  });

  it('changes values, structure and device properties on demand', async () => {
    sim.setValue('Tonnage', 1100);
    expect(await readValue(sim.nodeId('Tonnage'))).toBe(1100);
    sim.setValue('Tonnage', DEFAULT_SETPOINTS.Tonnage ?? 0);

    const folder = `ns=${sim.namespaceIndex};s=Program.Setpoints`;
    const names = () =>
      withSession(async (session) =>
        (await browseAll(session, folder))
          .filter((r) => r.referenceTypeId === 'ns=0;i=47')
          .map((r) => r.browseName)
          .sort(),
      );
    const before = await names();
    expect(before).toEqual(Object.keys(DEFAULT_SETPOINTS).sort());
    expect(sim.requests.some((r) => r.service === 'BrowseNextRequest')).toBe(true);
    sim.addSetpoint('RamSpeed', 80);
    expect(await names()).toEqual([...before, 'RamSpeed'].sort());
    sim.removeVariable('RamSpeed');
    expect(await names()).toEqual(before);

    sim.setDeviceProperty(DEFAULT_DEVICE.name, 'revisionCounter', 15);
    expect(() => sim.setDeviceProperty('nope', 'model', 'x')).toThrow(RangeError);
    expect(() => sim.setValue('nope', 1)).toThrow(RangeError);
  });

  it('restarts with a new StartTime and drops open sessions', async () => {
    const startTime = (await readValue('i=2257')) as Date;
    const client = await openTestSession(sim.endpointUrl, { pkiDir, timeoutMs: 1_000 });
    try {
      expect(sim.sessionCount()).toBe(1);
      await sim.restart();
      expect(sim.sessionCount()).toBe(0);
    } finally {
      await client.close();
    }
    const after = (await readValue('i=2257')) as Date;
    expect(after.getTime()).toBeGreaterThan(startTime.getTime());
  });

  it('injects faults: a status code, a slow answer, no answer', async () => {
    sim.injectFault(
      { kind: 'status', statusCode: 'BadTooManyOperations' },
      { service: 'ReadRequest', times: 1 },
    );
    await expect(readValue('i=2257')).rejects.toThrow(/BadTooManyOperations/);
    expect(await readValue('i=2259')).toBe(0); // the fault was used up: ServerState Running

    sim.injectFault({ kind: 'slow', delayMs: 300 }, { service: 'ReadRequest', times: 1 });
    const started = performance.now();
    await readValue('i=2259');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    // No answer: a Read on a second session, sent after the dropped one, is answered first.
    sim.injectFault({ kind: 'timeout' }, { service: 'ReadRequest', times: 1 });
    const dropped = await openTestSession(sim.endpointUrl, { pkiDir });
    let settled = false;
    const received = sim.waitForRequest('ReadRequest');
    const pending = dropped.session.read({ nodeId: 'i=2259' }).finally(() => {
      settled = true;
    });
    await received;
    expect(await readValue('i=2259')).toBe(0);
    expect(settled).toBe(false);
    const failed = expect(pending).rejects.toThrow(/canceled|closed/);
    await dropped.close(); // disconnecting fails the pending request
    await failed;
    expect(() => sim.injectFault({ kind: 'status', statusCode: 'NotAStatus' })).toThrow(RangeError);
    expect(StatusCodes.BadTooManyOperations.name).toBe('BadTooManyOperations');
  });

  // Last: it closes the file's server (afterAll's close() is then a no-op).
  it('leaves nothing listening once closed', async () => {
    await sim.close();
    await sim.close(); // idempotent
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(sim.port, sim.host);
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
