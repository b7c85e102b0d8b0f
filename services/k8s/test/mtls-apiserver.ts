import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { type FakeApiServer, startApiServer } from './fake-apiserver.js';
import type { Pem } from '@mcp/testing';

export interface MtlsApiServer {
  api: FakeApiServer;
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** Common names of the client certificates the server accepted, one per TLS connection. */
  clients: string[];
  close(): Promise<void>;
}

/**
 * The fake API server behind TLS that, like a real kube-apiserver, verifies
 * client certificates against its CA (requestCert + rejectUnauthorized): it
 * terminates TLS and relays the bytes to the plain-HTTP fake on loopback.
 */
export async function startMtlsApiServer(pki: { ca: Pem; server: Pem }): Promise<MtlsApiServer> {
  const api = await startApiServer();
  const clients: string[] = [];
  const server: Server = createServer({ ...pki.server, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (socket: TLSSocket) => {
    clients.push(String(socket.getPeerCertificate().subject?.CN));
    const backend = connect(api.upstream.port, '127.0.0.1');
    socket.pipe(backend).pipe(socket);
    const end = () => {
      socket.destroy();
      backend.destroy();
    };
    socket.on('error', end);
    backend.on('error', end);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api,
    url,
    clients,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    },
  };
}
