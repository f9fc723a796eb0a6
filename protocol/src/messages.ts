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
  hardwareRevision: deviceStringSchema.optional(),
  softwareRevision: deviceStringSchema.optional(),
  deviceRevision: deviceStringSchema.optional(),
  userApplicationName: deviceStringSchema.optional(),
});
export type Identity = z.infer<typeof identitySchema>;
export const IDENTITY_FIELDS = Object.keys(identitySchema.shape) as (keyof Identity)[];

export const protocolNameSchema = z.enum(['modbus', 'opcua', 'snmp']);
export type ProtocolName = z.infer<typeof protocolNameSchema>;

/**
 * What the agent asked the device during one poll, in order. `digest` is the SHA-256 of the
 * canonical JSON of every entry (see `transcriptDigest`); the list itself may be cut for transport
 * (`truncated`), the digest never is.
 */
export const transcriptSchema = z.object({
  digest: fingerprintSchema,
  requests: z.array(z.string().max(LIMITS.transcriptEntry)).max(LIMITS.transcriptRequests),
  truncated: z.boolean(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

export const pollOutcomeSchema = z.object({
  ok: z.boolean(),
  startedAt: isoTime,
  durationMs: z.number().int().nonnegative(),
  requestCount: z.number().int().nonnegative(),
  transcript: transcriptSchema,
  error: z.object({ code: label, message: z.string().max(LIMITS.errorMessage) }).optional(),
});
export type PollOutcome = z.infer<typeof pollOutcomeSchema>;

const macSchema = z
  .string()
  .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'must be a MAC address like 00:1a:2b:3c:4d:5e');
const ipSchema = z.union([z.ipv4(), z.ipv6()]);

/**
 * A host that a switch saw: an LLDP neighbour, a MAC in a forwarding table, or an ARP entry. The
 * console turns these into discovered assets linked to the switch port where they were seen.
 */
export const linkSchema = z.object({
  source: z.enum(['lldp', 'fdb', 'arp']),
  /** The switch's own port (ifName when known, else the ifIndex as text). */
  port: deviceStringSchema.optional(),
  portIndex: z.number().int().nonnegative().optional(),
  mac: macSchema.optional(),
  ip: ipSchema.optional(),
  vlan: z.number().int().min(0).max(4_095).optional(),
  /** LLDP: the neighbour's system name, port and chassis id as it advertises them. */
  remoteName: deviceStringSchema.optional(),
  remotePort: deviceStringSchema.optional(),
  remoteChassis: deviceStringSchema.optional(),
});
export type Link = z.infer<typeof linkSchema>;

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
  /** Hosts this device reports seeing (switches); absent for devices that report none. */
  links: z.array(linkSchema).max(LIMITS.linksPerAsset).optional(),
  /** True when the device reported more links than `LIMITS.linksPerAsset`. */
  linksTruncated: z.boolean().optional(),
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
  /** The agent's store-and-forward queue: what waits for the broker, and what was dropped when full. */
  outbox: z
    .object({
      depth: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      oldestAgeMs: z.number().int().nonnegative().nullable(),
      dropped: z.object({ inventory: z.number().int().nonnegative(), drift: z.number().int().nonnegative() }),
    })
    .optional(),
  /**
   * Sequence numbers this agent allocated and will never send: the wills of its earlier connections
   * (each will takes a number when the connection opens; it is published only if the connection
   * breaks). The console counts them as accounted for, not as a gap. Optional, at most 16, each
   * below this message's own number.
   */
  unsentSeqs: z.array(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)).max(16).optional(),
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
