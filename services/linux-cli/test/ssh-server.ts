import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AuthContext, type Connection, type ParsedKey, Server, utils } from 'ssh2';
import { fingerprint } from '../src/exec/host-key.js';

export interface FakeSshServer {
  port: number;
  hostKey: { private: string; public: string };
  /** The host key's fingerprint as ssh-keygen -lf prints it. */
  fingerprint: string;
  clientKey: { private: string; public: string };
  /** Every command received, as the remote shell got it. */
  commands: string[];
  close(): Promise<void>;
}

/**
 * An SSH server on 127.0.0.1 (ssh2's Server) with a generated host key. It
 * accepts one user with a key or a password and runs each exec request with
 * /bin/sh -c, like sshd runs it with the user's shell: what the client sent
 * is what a real remote shell would interpret.
 */
export async function startSshServer(options: { username: string; password: string }): Promise<FakeSshServer> {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const clientKey = utils.generateKeyPairSync('ed25519');
  const allowed = utils.parseKey(clientKey.public) as ParsedKey;
  const commands: string[] = [];
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

  const server = new Server({ hostKeys: [hostKey.private] }, (client: Connection) => {
    client.on('authentication', (ctx: AuthContext) => {
      if (ctx.username !== options.username) return ctx.reject();
      if (ctx.method === 'password' && same(Buffer.from(ctx.password), Buffer.from(options.password))) return ctx.accept();
      if (ctx.method === 'publickey' && ctx.key.algo === allowed.type && same(ctx.key.data, allowed.getPublicSSH())) {
        if (!ctx.signature) return ctx.accept(); // the client asks whether this key would do
        if (allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject(['publickey', 'password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          commands.push(info.command);
          const stream = acceptExec();
          const child = spawn('/bin/sh', ['-c', info.command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
          const kill = () => {
            try {
              if (child.pid) process.kill(-child.pid, 'SIGKILL');
            } catch {
              // gone
            }
          };
          stream.pipe(child.stdin);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          stream.on('close', kill);
          child.on('close', (code, signal) => {
            if (signal) stream.exit(signal.replace(/^SIG/, ''), false, '');
            else stream.exit(code ?? 0);
            stream.end();
          });
        });
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const parsedHost = utils.parseKey(hostKey.public) as ParsedKey;
  return {
    port,
    hostKey,
    fingerprint: fingerprint(parsedHost.getPublicSSH()),
    clientKey,
    commands,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
