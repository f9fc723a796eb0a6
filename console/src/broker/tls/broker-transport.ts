import type { Logger } from '@plantwatch/shared';
import type { ConsoleConfig } from '../../config.ts';
import { agentFacingHost, brokerHostnames, isWildcard } from './broker-address.ts';
import { type BrokerTls, loadBrokerTls } from './broker-tls.ts';

type EmbeddedMqttConfig = Extract<ConsoleConfig['mqtt'], { mode: 'embedded' }>;

/**
 * The embedded broker's transport from the console's config: TLS with the operator's certificate
 * or the local CA, or undefined for plain TCP, which only `insecureTcp` (development) gives.
 */
export function brokerTlsFor(
  mqtt: EmbeddedMqttConfig,
  dataDir: string,
  logger: Logger,
): BrokerTls | undefined {
  if (isWildcard(mqtt.host) && mqtt.publicUrl === undefined) {
    logger.warn(
      { host: mqtt.host, agentHost: agentFacingHost({ listenHost: mqtt.host }) },
      'the broker listens on every interface: agents are told this machine name; set --mqtt-public-url to the name they can reach',
    );
  }
  if (mqtt.insecureTcp) {
    logger.warn('the embedded broker speaks plain MQTT over TCP (--mqtt-insecure-tcp): for development only');
    return undefined;
  }
  const hostnames = mqtt.tls
    ? [agentFacingHost({ listenHost: mqtt.host, publicUrl: mqtt.publicUrl })]
    : brokerHostnames({ listenHost: mqtt.host, publicUrl: mqtt.publicUrl, extra: mqtt.tlsHostnames });
  const tls = loadBrokerTls({ dataDir, files: mqtt.tls, hostnames });
  logger.info(
    { source: tls.source, issued: tls.issued, hostnames, caFingerprint: tls.caFingerprint },
    tls.issued === 'ca' ? 'made a local CA and a certificate for the broker' : 'broker TLS ready',
  );
  return tls;
}
