/**
 * One JSON-RPC exchange over HTTP and what its failures mean. RpcClient adds fallback, retries and
 * the chain check around it; the indexer's log-decoding thread runs the same exchange off the main
 * thread (see `JsonRpcTransport`).
 */
/**
 * What went wrong with one JSON-RPC call, as the indexer needs to react to it:
 * `range` — the provider refuses the block range or the result size (shrink and retry);
 * `transient` — timeouts, 429, 5xx, broken or truncated bodies (back off, try the next URL);
 * `fatal` — a real error answer (bad params, unknown method): retrying will not help.
 */
export type RpcFailureKind = 'range' | 'transient' | 'fatal';

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly kind: RpcFailureKind,
    message: string,
    readonly code?: number,
    /** A rate limit's Retry-After, when the provider said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const RANGE_MESSAGES =
  /(more than \d+ results|too many (results|logs)|query returned more|block range|range (is )?too (large|wide)|exceed(s|ed)? (the )?max|limit exceeded|response size|query timeout|-32005)/i;
/** Answers that retrying cannot change: unknown method, invalid params, a revert. */
const FATAL_CODES = new Set([-32601, -32602, 3]);

export function classifyRpcError(code: number | undefined, message: string): RpcFailureKind {
  if (code === -32005 || RANGE_MESSAGES.test(message)) return 'range';
  if ((code !== undefined && FATAL_CODES.has(code)) || /execution reverted/i.test(message)) return 'fatal';
  // Anything else (internal errors, "header not found", rate limits as JSON errors) may pass.
  return 'transient';
}

export interface JsonRpcPayload {
  id: number;
  method: string;
  params: unknown[];
}

export interface JsonRpcReply {
  id: number;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

/** Sends payloads to one URL and returns the replies; transport failures throw `RpcError`s. */
export type JsonRpcTransport = (
  url: string,
  payloads: JsonRpcPayload[],
  options: { timeoutMs: number; signal?: AbortSignal },
) => Promise<JsonRpcReply[]>;

/** One HTTP request; transport failures are `transient` RpcErrors (range refusals `range`). */
export const postJsonRpc: JsonRpcTransport = async (url, payloads, { timeoutMs, signal }) => {
  const body = payloads.map((p) => ({ jsonrpc: '2.0', ...p }));
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body.length === 1 ? body[0] : body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new RpcError('transient', `request failed: ${String(error)}`);
  }
  if (response.status === 429 || response.status >= 500) {
    // Some providers answer a too-wide range with a 5xx and the reason in the body.
    const kind = RANGE_MESSAGES.test(text) ? 'range' : 'transient';
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new RpcError(
      kind,
      `HTTP ${response.status}: ${text.slice(0, 200)}`,
      response.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RpcError('transient', `unparseable answer (${text.length} bytes, HTTP ${response.status})`);
  }
  return (Array.isArray(json) ? json : [json]) as JsonRpcReply[];
};
