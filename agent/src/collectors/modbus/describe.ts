/**
 * One line per Modbus request, the same in `scan --dry-run` and in the poll transcript, so what a
 * technician approves is literally what the agent sends.
 */
export type ModbusRequestShape =
  | { functionCode: 1 | 2 | 3 | 4; address: number; quantity: number }
  /** FC 43 / MEI 14: `code` 1 basic, 2 regular, 3 extended stream, 4 one object. */
  | { functionCode: 43; code: 1 | 2 | 3 | 4; objectId: number };

const TABLE = { 1: 'coil', 2: 'discrete', 3: 'holding', 4: 'input' } as const;

export function describeModbusRequest(unitId: number, request: ModbusRequestShape): string {
  if (request.functionCode === 43) {
    return `modbus unit ${unitId} FC 43/14 read device identification code ${request.code} object ${request.objectId}`;
  }
  return `modbus unit ${unitId} FC ${request.functionCode} read ${TABLE[request.functionCode]} ${request.address} x${request.quantity}`;
}
