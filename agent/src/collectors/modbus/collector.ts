import type { Identity, PointValue, ScalarValue } from '@plantwatch/protocol';
import { sanitizeDeviceString } from '@plantwatch/protocol';
import { isPlantwatchError, type Logger } from '@plantwatch/shared';
import type { Collector, Reading } from '../types.ts';
import {
  blockRegisterCount,
  isBitBlock,
  MAX_BITS_PER_REQUEST,
  MAX_REGISTERS_PER_REQUEST,
  type ModbusBlock,
  type ModbusTargetConfig,
} from './config.ts';
import { decodeRegisters } from './decode.ts';
import { describeModbusRequest } from './describe.ts';
import { connectModbusReader, type DeviceIdentification, type ModbusReader } from './read-only-client.ts';

interface Identification {
  identity: Identity;
  /** Extended objects (0x80-0xFF): vendor specific, kept as identity-class values. */
  extended: PointValue[];
}

/** FC 43/14 basic and regular object ids and the identity field each fills. */
const IDENTIFICATION_OBJECTS: Record<number, keyof Identity> = {
  0: 'vendor',
  1: 'productCode',
  2: 'revision',
  3: 'vendorUrl',
  4: 'productName',
  5: 'model',
  6: 'userApplicationName',
};

interface Chunk {
  block: ModbusBlock;
  address: number;
  quantity: number;
}

/** Splits a block into requests the spec allows: at most 125 registers or 2000 bits each. */
function chunksOf(block: ModbusBlock): Chunk[] {
  const total = blockRegisterCount(block);
  let limit = isBitBlock(block) ? MAX_BITS_PER_REQUEST : MAX_REGISTERS_PER_REQUEST;
  // Never split a 32-bit value across two requests.
  if (!isBitBlock(block) && ['u32', 'i32', 'f32'].includes(block.type)) limit -= limit % 2;
  const chunks: Chunk[] = [];
  for (let offset = 0; offset < total; offset += limit) {
    chunks.push({ block, address: block.address + offset, quantity: Math.min(limit, total - offset) });
  }
  return chunks;
}

const FUNCTION_CODE = { coil: 1, discrete: 2, holding: 3, input: 4 } as const;

export const modbusCollector: Collector<ModbusTargetConfig> = {
  plan(target) {
    const planned: string[] = [];
    if (target.identification) {
      planned.push(describeModbusRequest(target.unitId, { functionCode: 43, code: 1, objectId: 0 }));
    }
    for (const block of target.blocks) {
      for (const chunk of chunksOf(block)) {
        const request = {
          functionCode: FUNCTION_CODE[block.table],
          address: chunk.address,
          quantity: chunk.quantity,
        };
        planned.push(`${describeModbusRequest(target.unitId, request)} (${block.name})`);
      }
    }
    return planned;
  },

  async collect(target, { logger, gate }) {
    const reader = await connectModbusReader({
      host: target.host,
      port: target.port,
      unitId: target.unitId,
      timeoutMs: target.timeoutMs,
      gate,
    });
    try {
      const identification = target.identification ? await readIdentification(reader, logger) : undefined;
      const identity: Identity = { ...identification?.identity };
      const values: PointValue[] = [...(identification?.extended ?? [])];
      for (const block of target.blocks) {
        const decoded = await readBlock(reader, block);
        if (block.identityField) {
          identity[block.identityField as keyof Identity] = sanitizeDeviceString(
            decoded.map(String).join('.'),
          );
          continue;
        }
        const single = decoded.length === 1;
        decoded.forEach((value, index) => {
          values.push({
            path: single ? block.name : `${block.name}[${index}]`,
            class: block.class,
            value,
            ...(block.unit ? { unit: block.unit } : {}),
          });
        });
      }
      return { identity, values } satisfies Reading;
    } finally {
      await reader.close();
    }
  },
};

async function readBlock(reader: ModbusReader, block: ModbusBlock): Promise<ScalarValue[]> {
  const raw: (number | boolean)[] = [];
  for (const chunk of chunksOf(block)) {
    switch (block.table) {
      case 'coil':
        raw.push(...(await reader.readCoils(chunk.address, chunk.quantity)));
        break;
      case 'discrete':
        raw.push(...(await reader.readDiscreteInputs(chunk.address, chunk.quantity)));
        break;
      case 'holding':
        raw.push(...(await reader.readHoldingRegisters(chunk.address, chunk.quantity)));
        break;
      case 'input':
        raw.push(...(await reader.readInputRegisters(chunk.address, chunk.quantity)));
        break;
    }
  }
  if (isBitBlock(block)) return raw.slice(0, block.count).map(Boolean);
  return decodeRegisters(raw as number[], block.type, block.count, block.wordOrder);
}

/**
 * FC 43/14 in up to three steps: basic objects (vendor, product code, revision), then regular
 * (URL, product name, model, application name) and extended (0x80+, vendor specific) only when the
 * device's conformity level says it has them and the earlier replies did not already include them.
 *
 * Many PLCs do not implement FC 43 and answer "illegal function" (exception 1) or "illegal data
 * address" (2): that is an answer, not a failure, so the poll goes on with an empty identity.
 */
async function readIdentification(reader: ModbusReader, logger: Logger): Promise<Identification> {
  let basic: DeviceIdentification;
  try {
    basic = await reader.readDeviceIdentification(1, 0);
  } catch (error) {
    const code = isPlantwatchError(error) ? error.details?.modbusCode : undefined;
    if (code === 1 || code === 2) {
      logger.debug({ modbusCode: code }, 'device does not support FC 43/14 device identification');
      return { identity: {}, extended: [] };
    }
    throw error;
  }
  const objects = { ...basic.objects };
  const level = basic.conformityLevel & 0x7f;
  const has = (from: number, to: number) =>
    Object.keys(objects).some((id) => Number(id) >= from && Number(id) <= to);
  if (level >= 2 && !has(0x03, 0x7f))
    Object.assign(objects, (await reader.readDeviceIdentification(2, 0x03)).objects);
  if (level >= 3 && !has(0x80, 0xff))
    Object.assign(objects, (await reader.readDeviceIdentification(3, 0x80)).objects);

  const identity: Identity = {};
  const extended: PointValue[] = [];
  for (const [key, text] of Object.entries(objects)) {
    const id = Number(key);
    if (typeof text !== 'string') continue;
    const clean = sanitizeDeviceString(text);
    const field = IDENTIFICATION_OBJECTS[id];
    if (field && clean !== '') identity[field] = clean;
    else if (id >= 0x80) {
      extended.push({ path: `identification.0x${id.toString(16)}`, class: 'identity', value: clean });
    }
  }
  return { identity, extended };
}
