import { formatIssues } from './format-issues.ts';
import { LIMITS } from './limits.ts';
import { type AgentMessage, agentMessageSchema } from './messages.ts';
import { parseAgentTopic } from './topics.ts';

export type RejectReason = 'bad_topic' | 'too_large' | 'not_json' | 'invalid_schema' | 'topic_mismatch';

export type DecodeResult =
  /** `json` is the payload as parsed, unknown fields included: what a signature covers. */
  { ok: true; message: AgentMessage; json: unknown } | { ok: false; reason: RejectReason; detail: string };

/**
 * Checks one MQTT message against the contract: a Plantwatch topic, a bounded size, JSON that the
 * schema accepts, and a payload that claims the same site, agent and type as its topic (a message
 * published under one site's topic cannot speak for another site).
 */
export function decodeAgentMessage(topic: string, payload: Uint8Array): DecodeResult {
  const address = parseAgentTopic(topic);
  if (!address)
    return { ok: false, reason: 'bad_topic', detail: 'not a plantwatch/v1/<site>/<agent>/<type> topic' };
  if (payload.byteLength > LIMITS.messageBytes) {
    return {
      ok: false,
      reason: 'too_large',
      detail: `${payload.byteLength} bytes, limit ${LIMITS.messageBytes}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message.slice(0, 200) };
  }
  const parsed = agentMessageSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: 'invalid_schema', detail: formatIssues(parsed.error, 5).join('; ') };
  const message = parsed.data;
  if (
    message.siteId !== address.siteId ||
    message.agentId !== address.agentId ||
    message.type !== address.type
  ) {
    return {
      ok: false,
      reason: 'topic_mismatch',
      detail: `payload claims ${message.siteId}/${message.agentId}/${message.type}, topic is ${address.siteId}/${address.agentId}/${address.type}`,
    };
  }
  return { ok: true, message, json };
}
