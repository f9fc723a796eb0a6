import type { AddressSpace, Namespace, UAObject, UAVariable } from 'node-opcua';
import { DataType } from 'node-opcua';
import type { OpcuaDeviceOptions } from './types.ts';

export const DI_NAMESPACE_URI = 'http://opcfoundation.org/UA/DI/';
/** DeviceSet's numeric id in the DI namespace (Opc.Ua.Di.NodeSet2.xml). */
const DEVICE_SET_ID = 5001;

/** DI property browse names (in the DI namespace) by option name, with their OPC UA data type. */
const DEVICE_PROPERTIES = {
  manufacturer: ['Manufacturer', DataType.LocalizedText],
  model: ['Model', DataType.LocalizedText],
  serialNumber: ['SerialNumber', DataType.String],
  hardwareRevision: ['HardwareRevision', DataType.String],
  softwareRevision: ['SoftwareRevision', DataType.String],
  deviceRevision: ['DeviceRevision', DataType.String],
  revisionCounter: ['RevisionCounter', DataType.Int32],
  productCode: ['ProductCode', DataType.String],
} as const;
export type DevicePropertyName = keyof typeof DEVICE_PROPERTIES;

/**
 * The simulated PLC's own nodes: DI devices in the DeviceSet, and Objects/Program with a Setpoints
 * folder (configuration) and a ProcessValues folder (live values). Variables hold their value
 * (`setValueFromSource`) instead of a getter, so reads need no sampling interval and a change is
 * visible to the very next Read.
 */
export interface PlcAddressSpace {
  namespace: Namespace;
  nodeId(name: string): string;
  setValue(name: string, value: number): void;
  setDeviceProperty(device: string, property: DevicePropertyName, value: string | number): void;
  addSetpoint(name: string, value: number): void;
  removeVariable(name: string): void;
}

export function buildPlcAddressSpace(
  addressSpace: AddressSpace,
  options: {
    namespaceUri: string;
    devices: OpcuaDeviceOptions[];
    setpoints: Record<string, number>;
    processValues: Record<string, number>;
  },
): PlcAddressSpace {
  const namespace = addressSpace.registerNamespace(options.namespaceUri);
  const diIndex = addressSpace.getNamespaceIndex(DI_NAMESPACE_URI);
  const deviceSet = addressSpace.findNode(`ns=${diIndex};i=${DEVICE_SET_ID}`);
  // DI's DeviceType is abstract: a vendor defines its own subtype, as real PLC servers do.
  const deviceType = addressSpace.findObjectType('DeviceType', diIndex);
  if (!deviceSet || !deviceType) throw new Error('the DI nodeset did not load: no DeviceSet or DeviceType');
  const plcType = namespace.addObjectType({ browseName: 'PlcDeviceType', subtypeOf: deviceType });

  const devices = new Map<string, UAObject>();
  for (const device of options.devices) {
    const node = plcType.instantiate({
      browseName: device.name,
      organizedBy: deviceSet,
      namespace,
      nodeId: `s=Devices.${device.name}`,
      optionals: device.productCode === undefined ? [] : ['ProductCode'],
    });
    devices.set(device.name, node);
    for (const property of Object.keys(DEVICE_PROPERTIES) as DevicePropertyName[]) {
      const value = device[property];
      if (value !== undefined) writeProperty(node, diIndex, property, value);
    }
  }

  const objects = addressSpace.rootFolder.objects;
  const program = namespace.addFolder(objects, { browseName: 'Program', nodeId: 's=Program' });
  const folders = {
    Setpoints: namespace.addFolder(program, { browseName: 'Setpoints', nodeId: 's=Program.Setpoints' }),
    ProcessValues: namespace.addFolder(program, {
      browseName: 'ProcessValues',
      nodeId: 's=Program.ProcessValues',
    }),
  };
  const variables = new Map<string, UAVariable>();
  const addVariable = (folder: keyof typeof folders, name: string, value: number) => {
    if (variables.has(name)) throw new RangeError(`the program already has a variable named ${name}`);
    const variable = namespace.addVariable({
      componentOf: folders[folder],
      browseName: name,
      nodeId: `s=Program.${folder}.${name}`,
      dataType: 'Double',
      value: { dataType: DataType.Double, value },
    });
    variables.set(name, variable);
  };
  for (const [name, value] of Object.entries(options.setpoints)) addVariable('Setpoints', name, value);
  for (const [name, value] of Object.entries(options.processValues))
    addVariable('ProcessValues', name, value);

  const variable = (name: string): UAVariable => {
    const found = variables.get(name);
    if (!found) throw new RangeError(`the program has no variable named ${name}`);
    return found;
  };

  return {
    namespace,
    nodeId: (name) => variable(name).nodeId.toString(),
    setValue(name, value) {
      variable(name).setValueFromSource({ dataType: DataType.Double, value });
    },
    setDeviceProperty(device, property, value) {
      const node = devices.get(device);
      if (!node) throw new RangeError(`the DeviceSet has no device named ${device}`);
      writeProperty(node, diIndex, property, value);
    },
    addSetpoint: (name, value) => addVariable('Setpoints', name, value),
    removeVariable(name) {
      addressSpace.deleteNode(variable(name));
      variables.delete(name);
    },
  };
}

function writeProperty(
  device: UAObject,
  diIndex: number,
  property: DevicePropertyName,
  value: string | number,
) {
  const [browseName, dataType] = DEVICE_PROPERTIES[property];
  const node = device.getChildByName(browseName, diIndex) as UAVariable | null;
  if (!node) throw new RangeError(`device ${device.browseName.name} has no ${browseName} property`);
  if (dataType === DataType.Int32) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new RangeError(`${property} must be an integer`);
    node.setValueFromSource({ dataType, value });
  } else if (dataType === DataType.LocalizedText) {
    node.setValueFromSource({ dataType, value: { text: String(value) } });
  } else {
    node.setValueFromSource({ dataType, value: String(value) });
  }
}
