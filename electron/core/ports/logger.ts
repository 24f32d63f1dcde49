import { bigintAsDecimal } from '../api/contract/reply';
/** Core never imports a logging library: the host (Electron main, CLI, tests) injects one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger writing one JSON line per entry to stderr, for CLIs and the preview server. */
export function consoleLogger(scope: string, minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const write = (level: (typeof order)[number]) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...fields }, bigintAsDecimal)}\n`,
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * Log fields for something thrown: its message and stack, then each `cause` in turn (a wrapper
 * such as STORE_CORRUPT or INTERNAL says what failed; its causes say why).
 */
export function errorFields(thrown: unknown): Record<string, unknown> {
  const chain: string[] = [];
  let stack: string | undefined;
  let current: unknown = thrown;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      chain.push(`${current.name}${code === undefined ? '' : ` [${String(code)}]`}: ${current.message}`);
      stack = current.stack ?? stack; // the deepest cause's stack: where it went wrong
      current = current.cause;
    } else {
      chain.push(String(current));
      break;
    }
  }
  return chain.length > 1 ? { error: chain[0], causes: chain.slice(1), stack } : { error: chain[0], stack };
}
