import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.ts';
import type { Role } from '../../auth/roles.ts';
import { agentIdentities, enrollmentTokens } from '../../db/schema/index.ts';
import { agentKeys, enrollRequest } from '../../testing/agent-keys.ts';
import { createGovernanceFixture, type GovernanceFixture } from '../../testing/governance-fixture.ts';
import { inventoryMessage } from '../../testing/messages.ts';
import { enrollmentTokenInputSchema } from './enrollment-inputs.ts';
import { secretMatches } from './secrets.ts';

const as = (role: Role, sites: string[] | null = null): Principal => ({
  kind: 'user',
  id: `${role}-id`,
  actor: `${role}-1`,
  role,
  sites,
});
const admin = as('admin');

let f: GovernanceFixture;
beforeEach(async () => {
  f = await createGovernanceFixture({
    agentBroker: () => ({ url: 'mqtts://console.example:8883', caCertificate: 'PEM' }),
  });
});
afterEach(async () => {
  await f.close();
});

const createToken = (input: Record<string, unknown> = {}, principal = admin) =>
  f.services.enrollment.createToken(
    enrollmentTokenInputSchema.parse({
      siteId: 'plant-a',
      owner: 'OT team',
      purpose: 'line 3',
      ...input,
    }),
    principal,
  );

describe('enrollment tokens', () => {
  it('are stored only as a hash, expire, and are audited', () => {
    const created = createToken({ ttlMinutes: 30 });
    expect(created.token).toMatch(/^pwenroll_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      siteId: 'plant-a',
      state: 'open',
      createdBy: 'admin-1',
      expiresAt: '2026-11-22T10:30:01.000Z',
    });
    const row = f.database.db.select().from(enrollmentTokens).get();
    expect(row?.tokenHash).not.toContain(created.token);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      JSON.stringify(f.services.enrollment.listTokens(admin, {}, { limit: 10, offset: 0 })),
    ).not.toContain(created.token);
    expect(f.audit().at(-1)).toMatchObject({
      actor: 'admin-1',
      action: 'enrollment_token.created',
      entityId: created.tokenId,
    });
    f.clock.advance(31 * 60_000);
    expect(f.services.enrollment.listTokens(admin, {}, { limit: 10, offset: 0 }).items[0]?.state).toBe(
      'expired',
    );
  });

  it('need the enroll permission and the site in scope', () => {
    expect(() => createToken({}, as('viewer'))).toThrow(/may not/);
    expect(() => createToken({}, as('approver'))).toThrow(/may not/);
    expect(() => createToken({}, as('technician', ['plant-b']))).toThrow(/not found/);
    expect(createToken({}, as('technician', ['plant-a'])).siteId).toBe('plant-a');
    expect(
      f.services.enrollment.listTokens(as('viewer', ['plant-b']), {}, { limit: 10, offset: 0 }).total,
    ).toBe(0);
  });
});

describe('redeeming a token', () => {
  it('enrolls the agent with its public key and hashed MQTT credentials, once', () => {
    const { token } = createToken();
    const keys = agentKeys();
    const enrolled = f.services.enrollment.redeem(enrollRequest(token, keys, 'gw-1'));
    expect(enrolled).toMatchObject({
      agentId: 'gw-1',
      siteId: 'plant-a',
      mqtt: { url: 'mqtts://console.example:8883', username: 'gw-1' },
      caCertificate: 'PEM',
    });
    const row = f.database.db.select().from(agentIdentities).where(eq(agentIdentities.agentId, 'gw-1')).get();
    expect(row).toMatchObject({ publicKey: keys.publicKey, owner: 'OT team', enrolledBy: 'admin-1' });
    expect(row?.mqttPasswordHash).not.toContain(enrolled.mqtt.password);
    expect(secretMatches(enrolled.mqtt.password, row?.mqttPasswordHash ?? '')).toBe(true);
    expect(f.audit().at(-1)).toMatchObject({ actor: 'agent:gw-1', action: 'agent_identity.enrolled' });
    expect(() => f.services.enrollment.redeem(enrollRequest(token, agentKeys(), 'gw-2'))).toThrow(
      /already been used/,
    );
    const [identity] = f.services.enrollment.listIdentities(admin, {}, { limit: 10, offset: 0 }).items;
    expect(identity).toMatchObject({
      agentId: 'gw-1',
      state: 'active',
      owner: 'OT team',
      purpose: 'line 3',
      enrolledBy: 'admin-1',
      lastSeenAt: null,
    });
    expect(JSON.stringify(identity)).not.toContain('PasswordHash');
  });

  it('chooses an agent id when the agent asks for none', () => {
    const enrolled = f.services.enrollment.redeem(enrollRequest(createToken().token));
    expect(enrolled.agentId).toMatch(/^gw-[0-9a-f]{16}$/);
  });

  it('refuses unknown and expired tokens, a wrong proof, and a taken agent id without using the token', () => {
    expect(() => f.services.enrollment.redeem(enrollRequest(`pwenroll_${'x'.repeat(43)}`))).toThrow(
      /not valid/,
    );
    const { token } = createToken({ ttlMinutes: 5 });
    const stranger = enrollRequest(token);
    expect(() => f.services.enrollment.redeem({ ...stranger, publicKey: agentKeys().publicKey })).toThrow(
      /proof/,
    );
    f.services.enrollment.redeem(enrollRequest(createToken().token, agentKeys(), 'gw-1'));
    expect(() => f.services.enrollment.redeem(enrollRequest(token, agentKeys(), 'gw-1'))).toThrow(
      /already enrolled/,
    );
    // An agent that reported for another site before enrollment keeps its id there.
    f.ingest.ingest(inventoryMessage({ seq: 1, siteId: 'plant-b', agentId: 'gw-b' }, []));
    expect(() => f.services.enrollment.redeem(enrollRequest(token, agentKeys(), 'gw-b'))).toThrow(
      /another site/,
    );
    f.clock.advance(5 * 60_000);
    expect(() => f.services.enrollment.redeem(enrollRequest(token))).toThrow(/expired/);
    expect(f.services.enrollment.listIdentities(admin, {}, { limit: 10, offset: 0 }).total).toBe(1);
  });
});

describe('revoking and rotating', () => {
  const enroll = (agentId: string, siteId = 'plant-a') =>
    f.services.enrollment.redeem(enrollRequest(createToken({ siteId }).token, agentKeys(), agentId));

  it('revokes once, audited, and tells the broker', () => {
    enroll('gw-1');
    const invalidated: string[] = [];
    f.services.enrollment.events.on('invalidated', (agentId) => invalidated.push(agentId));
    const revoked = f.services.enrollment.revoke('gw-1', as('technician', ['plant-a']));
    expect(revoked).toMatchObject({ state: 'revoked', revokedBy: 'technician-1' });
    expect(invalidated).toEqual(['gw-1']);
    expect(f.audit().at(-1)).toMatchObject({ action: 'agent_identity.revoked', entityId: 'gw-1' });
    expect(() => f.services.enrollment.revoke('gw-1', admin)).toThrow(/already revoked/);
    expect(() => f.services.enrollment.rotate('gw-1', admin)).toThrow(/revoked/);
  });

  it('rotates the password: the old one no longer matches', () => {
    const enrolled = enroll('gw-1');
    const rotated = f.services.enrollment.rotate('gw-1', admin);
    expect(rotated.mqtt.username).toBe('gw-1');
    expect(rotated.mqtt.password).not.toBe(enrolled.mqtt.password);
    const row = f.database.db.select().from(agentIdentities).get();
    expect(secretMatches(enrolled.mqtt.password, row?.mqttPasswordHash ?? '')).toBe(false);
    expect(secretMatches(rotated.mqtt.password, row?.mqttPasswordHash ?? '')).toBe(true);
    expect(rotated.identity.credentialsRotatedAt).toBe('2026-11-22T10:00:01.000Z');
    expect(f.audit().at(-1)).toMatchObject({
      action: 'agent_identity.credentials_rotated',
      actor: 'admin-1',
    });
  });

  it('keeps other sites out of sight and out of reach', () => {
    enroll('gw-1');
    enroll('gw-2', 'plant-b');
    const localTech = as('technician', ['plant-b']);
    expect(
      f.services.enrollment
        .listIdentities(localTech, {}, { limit: 10, offset: 0 })
        .items.map((i) => i.agentId),
    ).toEqual(['gw-2']);
    expect(() => f.services.enrollment.revoke('gw-1', localTech)).toThrow(/not found/);
    expect(() => f.services.enrollment.rotate('gw-1', localTech)).toThrow(/not found/);
    expect(() => f.services.enrollment.revoke('gw-2', as('viewer'))).toThrow(/may not/);
    expect(() => f.services.enrollment.getIdentity(localTech, 'gw-1')).toThrow(/not found/);
  });
});
