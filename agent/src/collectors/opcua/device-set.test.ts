import { describe, expect, it } from 'vitest';
import { deviceSetReading } from './device-set.ts';

describe('a DeviceSet with several devices', () => {
  it('takes the first as the identity and shows the others as identity values', () => {
    const reading = deviceSetReading([
      {
        name: 'CPU-1515',
        nodeId: 'ns=3;i=1',
        fields: {
          vendor: 'Acme',
          model: 'CPU 1515',
          serial: 'S1',
          softwareRevision: '2.9',
          revisionCounter: 4,
        },
      },
      {
        name: 'IO-Module_3',
        nodeId: 'ns=3;i=2',
        fields: { vendor: 'Acme', serial: 'S2', revisionCounter: 1 },
      },
    ]);
    expect(reading.identity).toEqual({
      vendor: 'Acme',
      model: 'CPU 1515',
      serial: 'S1',
      softwareRevision: '2.9',
      firmware: '2.9',
    });
    expect(reading.values).toEqual([
      { path: 'device.CPU-1515.revisionCounter', class: 'config', value: 4 },
      { path: 'device.IO-Module_3.vendor', class: 'identity', value: 'Acme' },
      { path: 'device.IO-Module_3.serial', class: 'identity', value: 'S2' },
      { path: 'device.IO-Module_3.revisionCounter', class: 'config', value: 1 },
    ]);
  });
});
