import { z } from 'zod';
import { deviceStringSchema } from './device-string.ts';
import { idSchema } from './ids.ts';
import { LIMITS } from './limits.ts';

/**
 * Version 1 of the messages an agent sends. Every message carries the agent and site it comes from,
 * a per-agent sequence number (strictly increasing across agent restarts, so the console can ingest
 * idempotently by `(agentId, seq)`) and the agent's send time.
 */
export const PROTOCOL_VERSION = 1 as const;

const isoTime = z.iso.datetime({ offset: true });
const label = z.string().max(LIMITS.label);
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

export const valueClassSchema = z.enum(['identity', 'config', 'volatile']);
export type ValueClass = z.infer<typeof valueClassSchema>;

/** A path names one value of an asset, e.g. `setpoints[2]` or `identity.vendor`. */
export const valuePathSchema = z
  .string()
  .min(1)
  .max(LIMITS.pathLength)
  .regex(/^[A-Za-z0-9_.:\-[\]]+$/, 'may use only letters, digits and _ . : - [ ]');

export const scalarValueSchema = z.union([
  z.number().refine(Number.isFinite),
  z.boolean(),
  deviceStringSchema,
  z.null(),
]);
export type ScalarValue = z.infer<typeof scalarValueSchema>;

export const pointValueSchema = z.object({
  path: valuePathSchema,
  class: valueClassSchema,
  value: scalarValueSchema,
  unit: label.optional(),
});
export type PointValue = z.infer<typeof pointValueSchema>;

export const identitySchema = z.object({
  vendor: deviceStringSchema.optional(),
  productCode: deviceStringSchema.optional(),
  revision: deviceStringSchema.optional(),
  vendorUrl: deviceStringSchema.optional(),
  productName: deviceStringSchema.optional(),
  model: deviceStringSchema.optional(),
  serial: deviceStringSchema.optional(),
  firmware: deviceStringSchema.optional(),
  userApplicationName: deviceStringSchema.optional(),
});
export type Identity = z.infer<typeof identitySchema>;
export const IDENTITY_FIELDS = Object.keys(identitySchema.shape) as (keyof Identity)[];

export const protocolNameSchema = z.enum(['modbus', 'opcua', 'snmp']);
export type ProtocolName = z.infer<typeof protocolNameSchema>;

export const pollOutcomeSchema = z.object({
  ok: z.boolean(),
  startedAt: isoTime,
  durationMs: z.number().int().nonnegative(),
  requestCount: z.number().int().nonnegative(),
  error: z.object({ code: label, message: z.string().max(LIMITS.errorMessage) }).optional(),
});
export type PollOutcome = z.infer<typeof pollOutcomeSchema>;

export const assetSnapshotSchema = z.object({
  assetId: idSchema,
  protocol: protocolNameSchema,
  host: z.string().min(1).max(LIMITS.hostLength),
  port: z.number().int().min(1).max(65_535),
  unitId: z.number().int().min(0).max(255).optional(),
  identity: identitySchema,
  values: z.array(pointValueSchema).max(LIMITS.valuesPerAsset),
  /** SHA-256 of the drift-tracked state (identity and config values); null when the poll failed. */
  fingerprint: fingerprintSchema.nullable(),
  poll: pollOutcomeSchema,
});
export type AssetSnapshot = z.infer<typeof assetSnapshotSchema>;

const envelope = {
  v: z.literal(PROTOCOL_VERSION),
  siteId: idSchema,
  agentId: idSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  sentAt: isoTime,
};

export const statusMessageSchema = z.object({
  ...envelope,
  type: z.literal('status'),
  state: z.enum(['online', 'offline']),
  agentVersion: label,
  startedAt: isoTime,
  targetCount: z.number().int().nonnegative(),
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

export const inventoryMessageSchema = z.object({
  ...envelope,
  type: z.literal('inventory'),
  assets: z.array(assetSnapshotSchema).min(1).max(LIMITS.assetsPerSnapshot),
});
export type InventoryMessage = z.infer<typeof inventoryMessageSchema>;

export const valueChangeSchema = z.object({
  path: valuePathSchema,
  change: z.enum(['added', 'removed', 'changed']),
  before: scalarValueSchema,
  after: scalarValueSchema,
});
export type ValueChange = z.infer<typeof valueChangeSchema>;

export const driftMessageSchema = z.object({
  ...envelope,
  type: z.literal('drift'),
  assetId: idSchema,
  detectedAt: isoTime,
  previousFingerprint: fingerprintSchema,
  currentFingerprint: fingerprintSchema,
  changes: z.array(valueChangeSchema).min(1).max(LIMITS.changesPerDrift),
});
export type DriftMessage = z.infer<typeof driftMessageSchema>;

export const agentMessageSchema = z.discriminatedUnion('type', [
  statusMessageSchema,
  inventoryMessageSchema,
  driftMessageSchema,
]);
export type AgentMessage = z.infer<typeof agentMessageSchema>;
