import type { EventEmitter } from 'node:events';
import { agentClientId, parseAgentTopic, TOPIC_ROOT } from '@plantwatch/protocol';
import type { AuthenticateError, Client, Subscription } from 'aedes';
import type { BrokerRefusal } from '../ingest/refusals.ts';
import type { AgentAuthentication, IdentityEvents } from '../services/enrollment/enrollment-service.ts';

/** What the broker needs of enrollment: the credential check and word of revocations. */
export interface AgentDirectory {
  authenticateAgent(username: string, password: string): AgentAuthentication;
  readonly events: EventEmitter<IdentityEvents>;
}

export interface AgentAccessOptions {
  /** Without a directory every client is anonymous (and needs `allowAnonymousAgents`). */
  agents?: AgentDirectory | undefined;
  /** Development only: clients without credentials may publish under any plantwatch/v1/ topic. */
  allowAnonymousAgents: boolean;
  /** Per client; a burst of `burstMessages` is allowed on top. */
  maxMessagesPerSecond: number;
  burstMessages: number;
  refuse(reason: BrokerRefusal, fields: Record<string, unknown>): void;
  now?: () => number;
}

interface Session {
  /** Undefined for an anonymous (development) client. */
  agent: { agentId: string; siteId: string } | undefined;
  /** Set when the agent was revoked or its password rotated while connected. */
  invalidated: boolean;
  tokens: number;
  at: number;
}

/**
 * Who may do what on the embedded broker. An enrolled agent connects with its MQTT user name and
 * password, under its own client id; it may publish (its will too) only under
 * `plantwatch/v1/<its site>/<its agent>/` and subscribe only to filters inside that prefix. When
 * an agent is revoked or its password rotated, its connections are closed at once and anything
 * they still send is refused. Every client is rate limited (a token bucket per connection).
 * Anonymous clients exist only in the explicit development mode.
 */
export function createAgentAccess(options: AgentAccessOptions) {
  const now = options.now ?? Date.now;
  const sessions = new WeakMap<Client, Session>();
  const connected = new Map<string, Set<Client>>();

  const onInvalidated = (agentId: string) => {
    for (const client of connected.get(agentId) ?? []) {
      const session = sessions.get(client);
      if (session) session.invalidated = true;
      if (!client.closed) client.close();
    }
    connected.delete(agentId);
  };
  options.agents?.events.on('invalidated', onInvalidated);

  const begin = (client: Client, agent: Session['agent']) => {
    sessions.set(client, { agent, invalidated: false, tokens: options.burstMessages, at: now() });
    if (agent) {
      let clients = connected.get(agent.agentId);
      if (!clients) {
        clients = new Set();
        connected.set(agent.agentId, clients);
      }
      clients.add(client);
    }
  };

  const connectionError = (returnCode: 2 | 4 | 5, message: string): AuthenticateError =>
    Object.assign(new Error(message), { returnCode: returnCode as AuthenticateError['returnCode'] });

  return {
    authenticate(
      client: Client,
      username: string | undefined,
      password: Buffer | undefined,
      done: (error: AuthenticateError | null, success: boolean | null) => void,
    ): void {
      const fields = { client: client.id.slice(0, 200), user: username?.slice(0, 200) };
      if (username === undefined || username === '') {
        if (!options.allowAnonymousAgents) {
          options.refuse('anonymous', fields);
          done(connectionError(5, 'credentials required'), false);
          return;
        }
        begin(client, undefined);
        done(null, true);
        return;
      }
      const result = options.agents?.authenticateAgent(username, password?.toString('utf8') ?? '') ?? {
        ok: false as const,
        reason: 'bad_credentials' as const,
      };
      if (!result.ok) {
        options.refuse(result.reason, fields);
        done(connectionError(result.reason === 'revoked' ? 5 : 4, 'not authorized'), false);
        return;
      }
      if (client.id !== agentClientId(result.siteId, result.agentId)) {
        options.refuse('client_id', { ...fields, agent: result.agentId });
        done(connectionError(2, 'client id must be the agent own'), false);
        return;
      }
      begin(client, { agentId: result.agentId, siteId: result.siteId });
      done(null, true);
    },

    /** Undefined when the client may publish to `topic` now; else why not. */
    checkPublish(client: Client | null, topic: string): BrokerRefusal | undefined {
      if (!topic.startsWith(`${TOPIC_ROOT}/`)) return 'bad_topic';
      const session = client ? sessions.get(client) : undefined;
      // aedes publishes nothing of its own under plantwatch/v1/, so a publish has a client.
      if (!session) return options.allowAnonymousAgents ? undefined : 'anonymous';
      if (session.invalidated) return 'revoked';
      if (session.agent) {
        const address = parseAgentTopic(topic);
        if (address?.siteId !== session.agent.siteId || address.agentId !== session.agent.agentId)
          return 'not_own_topic';
      }
      const at = now();
      session.tokens = Math.min(
        options.burstMessages,
        session.tokens + ((at - session.at) / 1_000) * options.maxMessagesPerSecond,
      );
      session.at = at;
      if (session.tokens < 1) return 'rate_limited';
      session.tokens -= 1;
      return undefined;
    },

    authorizeSubscribe(
      client: Client,
      subscription: Subscription,
      done: (error: Error | null, subscription?: Subscription | null) => void,
    ): void {
      const session = sessions.get(client);
      const agent = session?.agent;
      if (session && !agent) {
        done(null, subscription);
        return;
      }
      const own = agent ? `${TOPIC_ROOT}/${agent.siteId}/${agent.agentId}/` : undefined;
      const filter = subscription.topic;
      // The prefix is literal text: a filter that starts with it has no wildcard before it.
      if (own !== undefined && !session?.invalidated && filter.startsWith(own)) {
        done(null, subscription);
        return;
      }
      options.refuse('subscribe_denied', { client: client.id.slice(0, 200), topic: filter.slice(0, 200) });
      // A null subscription is a SUBACK with 128 (failure) for this filter; an error would close the connection.
      done(null, null);
    },

    /** Called for every client that goes away. */
    forget(client: Client): void {
      const agentId = sessions.get(client)?.agent?.agentId;
      if (agentId === undefined) return;
      const clients = connected.get(agentId);
      clients?.delete(client);
      if (clients?.size === 0) connected.delete(agentId);
    },

    close(): void {
      options.agents?.events.off('invalidated', onInvalidated);
    },
  };
}
export type AgentAccess = ReturnType<typeof createAgentAccess>;
