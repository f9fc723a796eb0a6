import { describe, expect, it } from 'vitest';
import { ALL_AGENT_TOPICS, agentTopic, parseAgentTopic } from './topics.ts';

describe('topics', () => {
  it('builds and parses the same address', () => {
    const topic = agentTopic('plant-a', 'gw-01', 'drift');
    expect(topic).toBe('plantwatch/v1/plant-a/gw-01/drift');
    expect(parseAgentTopic(topic)).toEqual({ siteId: 'plant-a', agentId: 'gw-01', type: 'drift' });
  });

  it.each(['plant/a', 'plant+', 'plant#', '', ' plant', '.hidden', 'x'.repeat(65)])(
    'refuses the site id %j, which could change the meaning of a topic',
    (siteId) => {
      expect(() => agentTopic(siteId, 'gw-01', 'status')).toThrow('invalid site id');
    },
  );

  it.each([
    'plantwatch/v1/plant-a/gw-01',
    'plantwatch/v1/plant-a/gw-01/drift/extra',
    'plantwatch/v2/plant-a/gw-01/drift',
    'plantwatch/v1/plant-a/gw-01/commands',
    'plantwatch/v1/+/gw-01/drift',
  ])('does not take %s for an agent topic', (topic) => {
    expect(parseAgentTopic(topic)).toBeUndefined();
  });

  it('subscribes to every site, agent and type with single-level wildcards', () => {
    expect(ALL_AGENT_TOPICS).toBe('plantwatch/v1/+/+/+');
  });
});
