import { IDENTITY_FIELDS, valueClassSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { targetBaseShape } from '../target-base.ts';
import { NODE_ID_PATTERN } from './node-ids.ts';

/** Policies the agent speaks. Older ones are refused by name below, with the reason. */
export const SECURITY_POLICIES = ['None', 'Basic256Sha256'] as const;
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];
const DEPRECATED_POLICIES: Record<string, string> = {
  Basic128Rsa15: 'deprecated by OPC UA 1.04 (SHA-1, RSA PKCS#1 v1.5; Node 20 refuses it)',
  Basic256: 'deprecated by OPC UA 1.04 (SHA-1)',
};

const nodeIdSchema = z
  .string()
  .max(1_024)
  .regex(
    NODE_ID_PATTERN,
    'must be a node id such as "i=2258", "ns=3;s=Program.Speed" or "nsu=urn:x;s=Speed"',
  );

const nameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]*$/,
    'must start with a letter and use only letters, digits, "_", "." and "-"',
  );

const envNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name');

/** Who the agent is to the server's user management. Secrets stay out of the file. */
export const opcuaIdentitySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('anonymous') }),
  z.object({
    type: z.literal('username'),
    username: z.string().min(1).max(256),
    /** The environment variable holding the password. */
    passwordEnv: envNameSchema,
  }),
  z.object({
    type: z.literal('certificate'),
    /** PEM files; relative paths resolve like `pkiDir`. */
    certificateFile: z.string().min(1).max(1_024),
    privateKeyFile: z.string().min(1).max(1_024),
  }),
]);
export type OpcuaIdentityConfig = z.infer<typeof opcuaIdentitySchema>;

export const opcuaNodeSchema = z.object({
  /** The value's path in the snapshot (`name`, or `name[i]` for arrays). */
  name: nameSchema,
  nodeId: nodeIdSchema,
  /** identity: who the device is; config: drift-tracked settings; volatile: process values, never drift. */
  class: valueClassSchema,
  unit: z.string().max(32).optional(),
  /** Put the value into this identity field instead of the value list. */
  identityField: z.enum(IDENTITY_FIELDS as [string, ...string[]]).optional(),
});
export type OpcuaNodeConfig = z.infer<typeof opcuaNodeSchema>;

export const opcuaBrowseSchema = z.object({
  enabled: z.boolean().default(true),
  /** Where the structure browse starts. The default, Objects, covers what the vendor added to it. */
  roots: z.array(nodeIdSchema).min(1).max(20).default(['i=85']),
  /** Levels below each root that are browsed (1: only the roots' children are seen). */
  maxDepth: z.number().int().min(1).max(20).default(6),
  /** Nodes recorded, roots included; past it the browse stops and `structure.truncated` is true. */
  maxNodes: z.number().int().min(1).max(50_000).default(2_000),
  /**
   * Namespace 0 nodes below the roots (the Server object with its per-session diagnostics, the
   * standard folders) are skipped unless asked for: they are the stack's, not the program's, and
   * some change with every session.
   */
  includeNamespaceZero: z.boolean().default(false),
  /** Nodes per Browse request and references asked per node; the server may lower both. */
  nodesPerRequest: z.number().int().min(1).max(1_000).default(50),
  maxReferencesPerNode: z.number().int().min(1).max(10_000).default(1_000),
});
export type OpcuaBrowseConfig = z.infer<typeof opcuaBrowseSchema>;

export const opcuaTargetSchema = z
  .object({
    ...targetBaseShape({ port: 4840, minRequestGapMs: 5, timeoutMs: 5_000 }),
    protocol: z.literal('opcua'),
    /** The path of the endpoint URL: opc.tcp://host:port<endpointPath>, e.g. "/UA/Server". */
    endpointPath: z
      .string()
      .max(200)
      .regex(/^(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/, 'must be empty or start with "/"')
      .default(''),
    /** Secure by default: an unauthenticated channel lets anyone on the network pose as the PLC. */
    securityMode: z.enum(['none', 'sign', 'signAndEncrypt']).default('signAndEncrypt'),
    /** Default None with securityMode none, Basic256Sha256 otherwise. */
    securityPolicy: z.string().optional(),
    identity: opcuaIdentitySchema.default({ type: 'anonymous' }),
    /** The agent's OPC UA PKI (own certificate, trusted/ and rejected/ server certificates). */
    pkiDir: z.string().min(1).max(1_024).default('./opcua-pki'),
    /** Read the DI DeviceSet (OPC UA for Devices) for identity. */
    readDeviceSet: z.boolean().default(true),
    nodes: z.array(opcuaNodeSchema).max(500).default([]),
    browse: opcuaBrowseSchema.default(opcuaBrowseSchema.parse({})),
  })
  .superRefine((target, ctx) => {
    const policy = target.securityPolicy;
    if (policy !== undefined && !(SECURITY_POLICIES as readonly string[]).includes(policy)) {
      const why = DEPRECATED_POLICIES[policy];
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message: why
          ? `${policy} is ${why}; use Basic256Sha256`
          : `unknown security policy "${policy}"; use ${SECURITY_POLICIES.join(' or ')}`,
      });
    } else if (policy === 'None' && target.securityMode !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message: `securityMode ${target.securityMode} needs a policy other than None`,
      });
    } else if (policy !== undefined && policy !== 'None' && target.securityMode === 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message: 'securityMode none takes policy None',
      });
    }
    const seen = new Set<string>();
    target.nodes.forEach((node, index) => {
      if (seen.has(node.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', index, 'name'],
          message: `duplicate node name "${node.name}"`,
        });
      }
      seen.add(node.name);
    });
  });
export type OpcuaTargetConfig = z.infer<typeof opcuaTargetSchema>;

export function securityPolicyOf(target: OpcuaTargetConfig): SecurityPolicyName {
  if (target.securityPolicy) return target.securityPolicy as SecurityPolicyName;
  return target.securityMode === 'none' ? 'None' : 'Basic256Sha256';
}

export function endpointUrlOf(target: Pick<OpcuaTargetConfig, 'host' | 'port' | 'endpointPath'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `opc.tcp://${host}:${target.port}${target.endpointPath}`;
}
