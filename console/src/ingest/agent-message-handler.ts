import { decodeAgentMessage } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import type { IngestService } from '../services/ingest-service.ts';
import type { MessageSignatureCheck } from './message-signatures.ts';

/**
 * Decodes and stores one agent message synchronously. Returns `undefined` once the message is
 * settled for good (stored, a duplicate, or rejected and counted), or the error when storing failed
 * and the message must stay unacknowledged so that the agent sends it again. Never throws.
 */
export type AgentMessageHandler = (topic: string, payload: Buffer) => Error | undefined;

export interface AgentMessageHandlerOptions {
  ingest: Pick<IngestService, 'ingest' | 'recordRejected'>;
  logger: Logger;
  /** Checks each message's signature against its agent's enrolled key (message-signatures.ts). */
  signatures?: MessageSignatureCheck;
}

export function createAgentMessageHandler(options: AgentMessageHandlerOptions): AgentMessageHandler {
  const { ingest, logger } = options;
  return (topic, payload) => {
    // Topics come from whoever publishes: bounded before they reach a log line.
    const shownTopic = topic.slice(0, 200);
    try {
      const decoded = decodeAgentMessage(topic, payload);
      if (!decoded.ok) {
        ingest.recordRejected(decoded.reason);
        // The JSON parser's message quotes the payload, so it is not logged; other details only
        // name paths and limits. The payload itself is never logged.
        const detail = decoded.reason === 'not_json' ? undefined : decoded.detail;
        logger.warn({ topic: shownTopic, reason: decoded.reason, detail }, 'agent message rejected');
        return undefined;
      }
      const { message } = decoded;
      const context = { topic: shownTopic, site: message.siteId, agent: message.agentId, seq: message.seq };
      const signature = options.signatures?.(decoded.json, message) ?? { ok: true, signed: false };
      if (!signature.ok) {
        ingest.recordRejected(signature.reason);
        logger.warn(
          { ...context, reason: signature.reason, detail: signature.detail },
          'agent message rejected',
        );
        return undefined;
      }
      const outcome = ingest.ingest(message, undefined, { signed: signature.signed });
      if (outcome.status === 'rejected') {
        logger.warn({ ...context, reason: outcome.reason, detail: outcome.detail }, 'agent message rejected');
      } else if (outcome.status === 'duplicate') {
        logger.debug(context, 'duplicate agent message ignored');
      }
      return undefined;
    } catch (error) {
      logger.error({ topic: shownTopic, err: error }, 'cannot store agent message; it stays unacknowledged');
      return error instanceof Error ? error : new Error(String(error));
    }
  };
}
