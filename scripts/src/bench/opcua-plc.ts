import { DEFAULT_DEVICE, type OpcuaSimulatorOptions } from '@plantwatch/simulators/opcua';

/** Setpoints and process values in the benchmark PLC's program folders. */
export const BENCH_PROGRAM_SIZE = 40;
/** References per node in a Browse reply: below the program folders' size, so BrowseNext is needed. */
export const BENCH_MAX_REFERENCES = 10;

/**
 * The simulated PLC the OPC UA benchmarks poll: the standard and DI nodesets, a DeviceSet with two
 * devices (the PLC and its servo drive), 40 setpoints and 40 process values, and a server that pages
 * Browse replies after 10 references, as many embedded servers do. Security None only: signing and
 * encryption would cost both sides the same and hide the agent's own overhead.
 */
export function benchPlcOptions(index: number): OpcuaSimulatorOptions {
  const values = (prefix: string, base: number) =>
    Object.fromEntries(Array.from({ length: BENCH_PROGRAM_SIZE }, (_, i) => [`${prefix}${i + 1}`, base + i]));
  return {
    securityModes: ['None'],
    devices: [
      { ...DEFAULT_DEVICE, serialNumber: `PRS-BENCH-${index + 1}` },
      {
        // Sorts after PLC-1: the PLC is the asset's identity, the drive a device value.
        name: 'Servo-1',
        manufacturer: 'Halvorsen Automation',
        model: 'HD-75',
        serialNumber: `HD-BENCH-${index + 1}`,
        hardwareRevision: 'C',
        softwareRevision: '2.4.1',
        deviceRevision: '1',
        revisionCounter: 3,
      },
    ],
    setpoints: values('Setpoint', 100),
    processValues: values('Value', 0),
    maxReferencesPerNode: BENCH_MAX_REFERENCES,
  };
}
