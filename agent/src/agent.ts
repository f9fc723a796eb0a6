import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { type AgentMessage, type AssetSnapshot, agentTopic, PROTOCOL_VERSION } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import type { TargetConfig } from './collectors/registry.ts';
import { type AgentConfig, mqttPassword } from './config/agent-config.ts';
import { type DetectedDrift, detectDrift } from './drift-detector.ts';
import { createMessageSerializer } from './identity/message-signer.ts';
import { createScheduler, type SkipReason } from './poller/scheduler.ts';
import { createMqttPublisher } from './publish/mqtt-publisher.ts';
import { type MessageDraft, openAgentStore } from './state/agent-store.ts';
import { AGENT_VERSION } from './version.ts';

export interface AgentEvents {
  /** After a poll's outcome is stored in the outbox. */
  snapshot: [target: TargetConfig, snapshot: AssetSnapshot];
  drift: [drift: DetectedDrift];
  skip: [target: TargetConfig, reason: SkipReason, until: Date];
}

export interface Agent {
  readonly events: EventEmitter<AgentEvents>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The running agent: polls every target on its schedule, detects drift against the last state of
 * each asset, and queues inventory and drift in its on-disk outbox, in one transaction per poll;
 * the publisher delivers the outbox whenever the broker is reachable. Polling never waits on the
 * console.
 */
export function createAgent(config: AgentConfig, logger: Logger): Agent {
  const events = new EventEmitter<AgentEvents>();
  const serialize = createMessageSerializer(config.identity);
  const store = openAgentStore(config.dataDir, config.outbox, Date.now, serialize);
  const log = logger.child({ site: config.siteId, agent: config.agentId });
  const envelope = (seq: number) => ({
    v: PROTOCOL_VERSION,
    siteId: config.siteId,
    agentId: config.agentId,
    seq,
    sentAt: new Date().toISOString(),
  });
  const draft = (type: AgentMessage['type'], build: (seq: number) => AgentMessage): MessageDraft => ({
    topic: agentTopic(config.siteId, config.agentId, type),
    build,
  });

  const publisher = createMqttPublisher({
    siteId: config.siteId,
    agentId: config.agentId,
    url: config.mqtt.url,
    username: config.mqtt.username,
    password: () => mqttPassword(config),
    ca: config.mqtt.caFile === undefined ? undefined : readFileSync(config.mqtt.caFile, 'utf8'),
    agentVersion: AGENT_VERSION,
    startedAt: new Date(),
    targetCount: config.targets.length,
    store,
    serialize,
    logger: log,
    maxInFlight: config.outbox.maxInFlight,
    ratePerSecond: config.outbox.replayRatePerSecond,
    heartbeatMs: config.heartbeatMs,
  });
  const scheduler = createScheduler({
    targets: config.targets,
    polling: config.polling,
    logger: log,
    previousState: (targetId) => store.lastAsset(targetId)?.state,
    onSkip(target, reason, until) {
      log.info({ target: target.id, reason, until: until.toISOString() }, 'poll skipped');
      events.emit('skip', target, reason, until);
    },
    onSnapshot(target, snapshot) {
      const { memory, drift } = detectDrift(store.lastAsset(snapshot.assetId), snapshot, new Date());
      // Inventory first, then the drift it explains: the console sees them in that order.
      const messages = [
        draft('inventory', (seq) => ({ ...envelope(seq), type: 'inventory', assets: [snapshot] })),
      ];
      if (drift) messages.push(draft('drift', (seq) => ({ ...envelope(seq), type: 'drift', ...drift })));
      store.record({ ...(memory ? { asset: { assetId: snapshot.assetId, memory } } : {}), messages });
      if (drift)
        log.warn({ target: target.id, changes: drift.changes.length }, 'configuration drift detected');
      publisher.wake();
      events.emit('snapshot', target, snapshot);
      if (drift) events.emit('drift', drift);
    },
  });
  return {
    events,
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      await publisher.close();
      store.close();
    },
  };
}
