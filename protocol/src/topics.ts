import { isValidId } from './ids.ts';

/**
 * The MQTT topic scheme. Every topic is built and parsed here and nowhere else:
 *
 *   plantwatch/v1/<siteId>/<agentId>/status      retained; the agent's will message marks it offline
 *   plantwatch/v1/<siteId>/<agentId>/inventory   one snapshot per poll of a target
 *   plantwatch/v1/<siteId>/<agentId>/drift       one event per detected configuration change
 */
export const TOPIC_ROOT = 'plantwatch/v1';
export const MESSAGE_TYPES = ['status', 'inventory', 'drift'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The subscription that receives every agent message of every site. */
export const ALL_AGENT_TOPICS = `${TOPIC_ROOT}/+/+/+`;

export interface TopicAddress {
  siteId: string;
  agentId: string;
  type: MessageType;
}

export function agentTopic(siteId: string, agentId: string, type: MessageType): string {
  if (!isValidId(siteId)) throw new TypeError(`invalid site id for a topic: ${JSON.stringify(siteId)}`);
  if (!isValidId(agentId)) throw new TypeError(`invalid agent id for a topic: ${JSON.stringify(agentId)}`);
  return `${TOPIC_ROOT}/${siteId}/${agentId}/${type}`;
}

/**
 * The MQTT client id of an agent. A broker that authenticates agents accepts an agent only under its
 * own id, so that one agent cannot take over (disconnect) another agent's session.
 */
export function agentClientId(siteId: string, agentId: string): string {
  return `plantwatch-agent-${siteId}-${agentId}`;
}

/** Returns the address a topic names, or undefined when it is not a Plantwatch agent topic. */
export function parseAgentTopic(topic: string): TopicAddress | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return undefined;
  const [, , siteId = '', agentId = '', type = ''] = parts;
  if (!isValidId(siteId) || !isValidId(agentId)) return undefined;
  if (!(MESSAGE_TYPES as readonly string[]).includes(type)) return undefined;
  return { siteId, agentId, type: type as MessageType };
}
