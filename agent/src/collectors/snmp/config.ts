import { z } from 'zod';
import { targetBaseShape } from '../target-base.ts';

export const SNMP_VERSIONS = ['1', '2c', '3'] as const;
export type SnmpVersion = (typeof SNMP_VERSIONS)[number];
export const AUTH_PROTOCOLS = ['sha', 'sha224', 'sha256', 'sha384', 'sha512', 'md5'] as const;
export const PRIV_PROTOCOLS = ['aes', 'aes256b', 'aes256r'] as const;

const DES_MESSAGE =
  'DES privacy is not available: Node 20 runs OpenSSL 3, which has no DES cipher outside its legacy provider (ERR_OSSL_EVP_UNSUPPORTED). ' +
  'Configure the device and this target for AES (privProtocol: aes, RFC 3826)';

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as PLANTWATCH_SNMP_COMMUNITY');
const community = z.string().min(1).max(256);
// RFC 3414 section 11.2 asks for at least 8 characters; Net-SNMP refuses shorter pass phrases.
const password = z.string().min(8, 'must be at least 8 characters (RFC 3414)').max(256);

const v3Schema = z
  .object({
    user: z.string().min(1).max(32),
    securityLevel: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']).default('authPriv'),
    authProtocol: z.enum(AUTH_PROTOCOLS).optional(),
    authPassword: password.optional(),
    authPasswordEnv: envName.optional(),
    privProtocol: z
      .enum(PRIV_PROTOCOLS, {
        error: (issue) =>
          issue.input === 'des' ? DES_MESSAGE : `must be one of ${PRIV_PROTOCOLS.join(', ')}`,
      })
      .optional(),
    privPassword: password.optional(),
    privPasswordEnv: envName.optional(),
    /** HMAC-MD5-96 is broken as a hash; allowed only for a device that offers nothing better. */
    allowMd5: z.boolean().default(false),
  })
  .superRefine((v3, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v3.securityLevel !== 'noAuthNoPriv') {
      if (!v3.authProtocol)
        issue('authProtocol', `${v3.securityLevel} needs an authProtocol (sha256 recommended)`);
      exactlyOne(v3.authPassword, v3.authPasswordEnv, 'authPassword', issue);
      if (v3.authProtocol === 'md5' && !v3.allowMd5) {
        issue(
          'authProtocol',
          'md5 is weak; use sha256, or set allowMd5: true for a device that supports nothing better',
        );
      }
    }
    if (v3.securityLevel === 'authPriv') {
      if (!v3.privProtocol) issue('privProtocol', 'authPriv needs a privProtocol (aes)');
      exactlyOne(v3.privPassword, v3.privPasswordEnv, 'privPassword', issue);
    }
  });
export type SnmpV3Config = z.infer<typeof v3Schema>;

/** Which groups of objects a poll reads; every group is on unless turned off. */
const walksSchema = z
  .object({
    /** sysDescr, sysObjectID, sysUpTime (for system.bootTime), sysContact, sysName, sysLocation. */
    system: z.boolean().default(true),
    /** ENTITY-MIB entPhysicalTable: chassis, modules and power supplies with serials and revisions. */
    entity: z.boolean().default(true),
    /** IF-MIB ifTable and ifXTable: name, alias, type, speed, admin and oper status, MAC. */
    interfaces: z.boolean().default(true),
    /** LLDP-MIB remote systems: neighbours as links. */
    lldp: z.boolean().default(true),
    /** BRIDGE-MIB and Q-BRIDGE-MIB forwarding tables: which MAC was seen on which port, as links. */
    fdb: z.boolean().default(true),
    /** IP-MIB ipNetToPhysicalTable and ipNetToMediaTable: IP and MAC pairs, as links. */
    arp: z.boolean().default(true),
    /** Config-change indicators: CISCO-CONFIG-MAN-MIB ccmHistory (absent on other devices: costs one Get). */
    configHistory: z.boolean().default(true),
  })
  .prefault({});

export const snmpTargetSchema = z
  .object({
    ...targetBaseShape({ port: 161, minRequestGapMs: 10 }),
    protocol: z.literal('snmp'),
    // YAML reads `version: 1` and `version: 3` as numbers and `version: 2c` as text; accept both.
    version: z
      .union([z.enum(SNMP_VERSIONS), z.literal(1), z.literal(3)], { error: 'must be 1, 2c or 3' })
      .transform((version) => String(version) as SnmpVersion)
      .default('2c'),
    /** v1 and v2c; prefer communityEnv, which keeps the secret out of the file. */
    community: community.optional(),
    communityEnv: envName.optional(),
    v3: v3Schema.optional(),
    /** Varbinds asked for per GetBulk (v2c and v3); v1 walks with one GetNext per value. */
    maxRepetitions: z.number().int().min(1).max(100).default(20),
    /** Rows read per table column at most; a longer table is cut there and reported truncated. */
    maxRowsPerTable: z.number().int().min(1).max(50_000).default(2_000),
    /** How far a new boot-time estimate may move before it counts as a reboot (see boot-time.ts). */
    bootTimeToleranceMs: z.number().int().min(1_000).max(600_000).default(5_000),
    walks: walksSchema,
  })
  .superRefine((target, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (target.version === '3') {
      if (!target.v3) issue('v3', 'version 3 needs a v3 block (user, securityLevel, protocols, passwords)');
      if (target.community !== undefined || target.communityEnv !== undefined) {
        issue('community', 'SNMPv3 uses a user, not a community');
      }
    } else {
      exactlyOne(target.community, target.communityEnv, 'community', issue);
      if (target.v3) issue('v3', `v3 settings need version 3 (this target is version ${target.version})`);
    }
  });
export type SnmpTargetConfig = z.infer<typeof snmpTargetSchema>;

function exactlyOne(
  literal: string | undefined,
  fromEnv: string | undefined,
  name: string,
  issue: (path: string, message: string) => void,
): void {
  if (literal === undefined && fromEnv === undefined) issue(name, `set ${name} or ${name}Env`);
  if (literal !== undefined && fromEnv !== undefined) issue(name, `set ${name} or ${name}Env, not both`);
}
