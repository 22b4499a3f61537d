import net from 'node:net';

/**
 * A TCP proxy to a local service that a test can cut and restore, so "Redis down" or "PostgreSQL
 * down" is simulated for this test's connections only, never for the shared services.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let server: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let port = await freePort();

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  return {
    get port() {
      return port;
    },
    /** Starts forwarding (again) on the same port. */
    async open() {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        track(client);
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    },
    /** Drops every connection and refuses new ones (the port is closed). */
    async cut() {
      const closing = server ? new Promise((resolve) => server!.close(resolve)) : Promise.resolve();
      for (const socket of sockets) socket.destroy();
      server = null;
      await closing;
    },
  };
}

/** A port nothing listens on right now (bound then released). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
