import {
  type ClientSession,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
} from 'node-opcua';

/**
 * A plain node-opcua client session for the simulator's own tests (security None, anonymous). Give
 * every session of a file the same `pkiDir`: the client makes its certificate there once.
 */
export async function openTestSession(
  endpointUrl: string,
  options: { pkiDir: string; timeoutMs?: number },
): Promise<{ session: ClientSession; close(): Promise<void> }> {
  const client = OPCUAClient.create({
    applicationName: 'simulator-test',
    clientCertificateManager: new OPCUACertificateManager({ rootFolder: options.pkiDir }),
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 },
    defaultTransactionTimeout: options.timeoutMs ?? 3_000,
  });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  return {
    session,
    async close() {
      await session.close().catch(() => {});
      await client.disconnect();
    },
  };
}
