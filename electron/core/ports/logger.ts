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
