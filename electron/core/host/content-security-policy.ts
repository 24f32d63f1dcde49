/**
 * The renderer's Content-Security-Policy, shared by both hosts: no remote code, no eval, no
 * inline scripts, nothing framed. In Electron the renderer talks only IPC, so `connect-src 'none'`;
 * the browser preview allows exactly its own WebSocket.
 */
export function rendererCsp(connectSrc: 'none' | `ws://127.0.0.1:${number}`): string {
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': "'self'",
    // recharts and React set inline style attributes; styles cannot run code.
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': connectSrc === 'none' ? "'none'" : connectSrc,
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
