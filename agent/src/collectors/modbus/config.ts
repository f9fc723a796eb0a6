import { IDENTITY_FIELDS, valueClassSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { targetBaseShape } from '../target-base.ts';

/** Largest register count one FC 3/4 request may ask for (Modbus spec); bigger blocks are split. */
export const MAX_REGISTERS_PER_REQUEST = 125;
/** Largest bit count one FC 1/2 request may ask for (Modbus spec). */
export const MAX_BITS_PER_REQUEST = 2000;

export const REGISTER_TYPES = ['u16', 'i16', 'u32', 'i32', 'f32', 'string', 'bits'] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];

const blockName = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]*$/,
    'must start with a letter and use only letters, digits, "_", "." and "-"',
  );

const blockBase = {
  name: blockName,
  /** identity: who the device is; config: drift-tracked settings; volatile: process values, never drift. */
  class: valueClassSchema,
  address: z.number().int().min(0).max(65_535),
  unit: z.string().max(32).optional(),
  /** Put the decoded value into this identity field instead of the value list (e.g. a serial number). */
  identityField: z.enum(IDENTITY_FIELDS as [string, ...string[]]).optional(),
};

const registerBlockSchema = z.object({
  ...blockBase,
  table: z.enum(['holding', 'input']),
  type: z.enum(REGISTER_TYPES).default('u16'),
  /**
   * Number of values; for `string`, number of registers (two ASCII characters each); for `bits`,
   * number of registers, each giving 16 flags, least significant bit first.
   */
  count: z.number().int().min(1).max(2_000).default(1),
  /** 32-bit values: `big` puts the high word first (the Modbus convention), `little` the low word. */
  wordOrder: z.enum(['big', 'little']).default('big'),
});

const bitBlockSchema = z.object({
  ...blockBase,
  table: z.enum(['coil', 'discrete']),
  count: z.number().int().min(1).max(2_000).default(1),
});

export const modbusBlockSchema = z.discriminatedUnion('table', [registerBlockSchema, bitBlockSchema]);
export type ModbusBlock = z.infer<typeof modbusBlockSchema>;
export type RegisterBlock = z.infer<typeof registerBlockSchema>;
export type BitBlock = z.infer<typeof bitBlockSchema>;

export function isBitBlock(block: ModbusBlock): block is BitBlock {
  return block.table === 'coil' || block.table === 'discrete';
}

export const modbusTargetSchema = z
  .object({
    ...targetBaseShape({ port: 502, minRequestGapMs: 20 }),
    protocol: z.literal('modbus'),
    unitId: z.number().int().min(0).max(255).default(1),
    /** Read FC 43/14 device identification (vendor, product code, revision, ...). */
    identification: z.boolean().default(true),
    blocks: z.array(modbusBlockSchema).max(500).default([]),
  })
  .superRefine((target, ctx) => {
    const seen = new Set<string>();
    target.blocks.forEach((block, index) => {
      if (seen.has(block.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['blocks', index, 'name'],
          message: `duplicate block name "${block.name}"`,
        });
      }
      seen.add(block.name);
      const last = block.address + blockRegisterCount(block) - 1;
      if (last > 65_535) {
        ctx.addIssue({
          code: 'custom',
          path: ['blocks', index, 'count'],
          message: `block ends at address ${last}, past 65535`,
        });
      }
    });
  });
export type ModbusTargetConfig = z.infer<typeof modbusTargetSchema>;

const TYPE_WIDTH: Record<RegisterType, number> = {
  u16: 1,
  i16: 1,
  u32: 2,
  i32: 2,
  f32: 2,
  string: 1,
  bits: 1,
};

/** How many registers (or bits) a block occupies on the device. */
export function blockRegisterCount(block: ModbusBlock): number {
  if (isBitBlock(block)) return block.count;
  return block.count * TYPE_WIDTH[block.type];
}
