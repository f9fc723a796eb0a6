/**
 * What the embedded broker refuses before a message reaches the decoder, each counted next to the
 * decoder's reasons in the ingest statistics (`GET /api/v1/health`) and logged.
 */
export const BROKER_REFUSALS = [
  /** A publish outside plantwatch/v1/. */
  'bad_topic',
  /** A connection to the TLS port that did not complete a TLS handshake (plain MQTT, an untrusted certificate, a timeout). */
  'tls_handshake',
  /** A packet or payload over the size limit. */
  'too_large',
  /** A client without credentials, while anonymous agents are not allowed. */
  'anonymous',
  /** An unknown MQTT user name or a wrong password. */
  'bad_credentials',
  /** The credentials of a revoked agent. */
  'revoked',
  /** An agent connecting under another client id than its own (it could take over a session). */
  'client_id',
  /** An agent publishing (or its will) outside its own plantwatch/v1/<site>/<agent>/ topics. */
  'not_own_topic',
  /** An agent subscribing to anything that is not its own. */
  'subscribe_denied',
  /** An agent publishing faster than the per-client limit. */
  'rate_limited',
] as const;
export type BrokerRefusal = (typeof BROKER_REFUSALS)[number];
