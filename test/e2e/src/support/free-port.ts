import net from 'node:net';

/**
 * A port the OS just handed out on 127.0.0.1, for programs that cannot listen on port 0 and report
 * back (mosquitto). Another process could take it in between; callers start and check.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
