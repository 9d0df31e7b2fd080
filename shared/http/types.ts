/** An inbound HTTP request/answer as the use cases see them, whatever carried them (API Gateway, the local server). */
export interface InboundRequest {
  method: string;
  /** path without the query string */
  path: string;
  /** lower-cased names */
  headers: Record<string, string>;
  /** the body decoded to text (UTF-8) */
  body: string;
  /** size of the body in bytes as received */
  bodyBytes: number;
  /** the body's bytes are not UTF-8, so `body` is a lossy decoding of them (set by the adapter that read the bytes) */
  invalidUtf8?: boolean;
  query?: Record<string, string>;
  sourceIp?: string;
}

export interface JsonResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Every error answer has this body: what is wrong and, when one input is to blame, which. */
export function errorResponse(status: number, error: string, field?: string, headers?: Record<string, string>): JsonResponse {
  return { status, headers, body: field === undefined ? { error } : { error, field } };
}
