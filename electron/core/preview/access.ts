import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may talk to the preview server (the Jupyter model): the page must be served by this server
 * (Host and Origin are exactly http://127.0.0.1:PORT, which also defeats DNS rebinding) and must
 * present this launch's secret, first in the printed URL's `token` query, then as an HttpOnly cookie.
 * Pure functions of the request, so the rules are tested without sockets.
 */
export interface AccessPolicy {
  port: number;
  secret: string;
}

export interface RequestLike {
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export type HttpDecision =
  | { kind: 'allow' }
  | { kind: 'login'; location: string; cookie: string }
  | { kind: 'refuse'; reason: string };

export type UpgradeDecision = { kind: 'allow' } | { kind: 'refuse'; reason: string };

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const appOrigin = (port: number): string => `http://127.0.0.1:${port}`;
/** One cookie per port: cookies are shared by every port of 127.0.0.1, secrets are not. */
export const cookieName = (port: number): string => `gridkeeper-preview-${port}`;

export function decideHttp(request: RequestLike, policy: AccessPolicy): HttpDecision {
  const host = checkHost(request, policy);
  if (host) return host;
  const url = new URL(request.url ?? '/', appOrigin(policy.port));
  const token = url.searchParams.get('token');
  if (token !== null) {
    if (!sameSecret(token, policy.secret)) return { kind: 'refuse', reason: 'wrong secret' };
    url.searchParams.delete('token');
    return {
      kind: 'login',
      // A path on this origin only: `/.//evil.example/` parses to the path `//evil.example/`, which
      // a browser would follow to another host.
      location: `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`,
      cookie: `${cookieName(policy.port)}=${policy.secret}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  return hasSecretCookie(request, policy) ? { kind: 'allow' } : { kind: 'refuse', reason: 'no secret' };
}

export function decideUpgrade(request: RequestLike, policy: AccessPolicy): UpgradeDecision {
  const host = checkHost(request, policy);
  if (host) return host;
  if (request.headers.origin !== appOrigin(policy.port)) {
    return { kind: 'refuse', reason: `foreign origin ${JSON.stringify(request.headers.origin ?? null)}` };
  }
  return hasSecretCookie(request, policy) ? { kind: 'allow' } : { kind: 'refuse', reason: 'no secret' };
}

function checkHost(
  request: RequestLike,
  policy: AccessPolicy,
): { kind: 'refuse'; reason: string } | undefined {
  const expected = `127.0.0.1:${policy.port}`;
  return request.headers.host === expected
    ? undefined
    : { kind: 'refuse', reason: `foreign host ${JSON.stringify(request.headers.host ?? null)}` };
}

function hasSecretCookie(request: RequestLike, policy: AccessPolicy): boolean {
  const name = cookieName(policy.port);
  const cookies = (request.headers.cookie ?? '').split(';').map((c) => c.trim());
  return cookies.some((c) => c.startsWith(`${name}=`) && sameSecret(c.slice(name.length + 1), policy.secret));
}

/** Constant-time comparison of equal-length digests, so timing reveals nothing about the secret. */
function sameSecret(candidate: string, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(candidate), digest(secret));
}
