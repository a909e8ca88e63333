/** Tests fail on any outbound network call: only loopback is allowed (the local PostgreSQL and our own server). */
import net from 'node:net';

const originalConnect = net.Socket.prototype.connect;
const LOOPBACK = /^(127\.|::1$|localhost$|::ffff:127\.)/;

net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  let host: string | undefined;
  if (typeof first === 'object' && first !== null)
    host = first.path ? 'localhost' : (first.host ?? 'localhost');
  else if (typeof first === 'number') host = typeof args[1] === 'string' ? args[1] : 'localhost';
  else if (typeof first === 'string') host = 'localhost';
  if (host && !LOOPBACK.test(host)) throw new Error(`Tests may not reach the network (tried ${host})`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
