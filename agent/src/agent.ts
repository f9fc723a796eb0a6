import { EventEmitter } from 'node:events';
import type { AssetSnapshot } from '@plantwatch/protocol';
import type { Logger } from '@plantwatch/shared';
import type { TargetConfig } from './collectors/registry.ts';
import { type AgentConfig, mqttPassword } from './config/agent-config.ts';
import { type DetectedDrift, detectDrift } from './drift-detector.ts';
import { createScheduler, type SkipReason } from './poller/scheduler.ts';
import { createMqttPublisher } from './publish/mqtt-publisher.ts';
import { openAgentState } from './state/agent-state.ts';
import { AGENT_VERSION } from './version.ts';

export interface AgentEvents {
  snapshot: [target: TargetConfig, snapshot: AssetSnapshot];
  drift: [drift: DetectedDrift];
  skip: [target: TargetConfig, reason: SkipReason, until: Date];
}

export interface Agent {
  /** Emits `snapshot` after every poll and `drift` for every change detected. */
  readonly events: EventEmitter<AgentEvents>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The running agent: polls every target on its schedule, detects drift against the last snapshot
 * of each asset, and publishes inventory and drift over MQTT. It polls whether or not the broker
 * is reachable; messages wait in the MQTT client until it is.
 */
export function createAgent(config: AgentConfig, logger: Logger): Agent {
  const events = new EventEmitter<AgentEvents>();
  const state = openAgentState(config.dataDir);
  const log = logger.child({ site: config.siteId, agent: config.agentId });
  const publisher = createMqttPublisher({
    siteId: config.siteId,
    agentId: config.agentId,
    url: config.mqtt.url,
    username: config.mqtt.username,
    password: mqttPassword(config),
    agentVersion: AGENT_VERSION,
    startedAt: new Date(),
    targetCount: config.targets.length,
    nextSeq: () => state.nextSeq(),
    logger: log,
  });
  const scheduler = createScheduler({
    targets: config.targets,
    polling: config.polling,
    logger: log,
    onSkip(target, reason, until) {
      log.info({ target: target.id, reason, until: until.toISOString() }, 'poll skipped');
      events.emit('skip', target, reason, until);
    },
    previousState: (targetId) => state.lastAsset(targetId)?.state,
    async onSnapshot(target, snapshot) {
      const drift = detectDrift(state, snapshot, new Date());
      // Inventory first, then the drift it explains: the console sees them in that order.
      const published = [publisher.publishInventory([snapshot])];
      if (drift) {
        log.warn({ target: target.id, changes: drift.changes.length }, 'configuration drift detected');
        published.push(publisher.publishDrift(drift));
      }
      events.emit('snapshot', target, snapshot);
      if (drift) events.emit('drift', drift);
      // Not awaited: a broker outage must not hold up polling. QoS 1 delivery happens later.
      void Promise.allSettled(published);
    },
  });
  return {
    events,
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      await publisher.close();
    },
  };
}
