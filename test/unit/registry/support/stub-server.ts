/**
 * A loopback HTTP server whose answers the test scripts, for faults a real
 * registry will not produce on demand (429, 500, hangs, wrong headers).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

export interface StubServer {
  host: string;
  url: string;
  /** Requests received, in order: `METHOD /path`. */
  log: string[];
  stop(): Promise<void>;
}

export async function startStub(handler: Handler): Promise<StubServer> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    handler(req, res, log.length);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
