/** API Gateway HTTP API (payload format 2.0) ⇄ InboundRequest/JsonResponse. */
import { isUtf8 } from 'node:buffer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { InboundRequest, JsonResponse } from './types.js';

/** a lone surrogate (with the u flag, a pair is one code point and does not match) */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The body as text, its size in bytes, and whether those bytes were UTF-8 at all: decoding
 * them lossily would turn distinct bodies into the same text. API Gateway sends a body it does
 * not take for text as base64; a text body with a lone surrogate has no UTF-8 form either.
 */
function bodyOf(event: APIGatewayProxyEventV2): Pick<InboundRequest, 'body' | 'bodyBytes' | 'invalidUtf8'> {
  if (event.body === undefined) return { body: '', bodyBytes: 0, invalidUtf8: false };
  if (!event.isBase64Encoded) return { body: event.body, bodyBytes: Buffer.byteLength(event.body), invalidUtf8: LONE_SURROGATE.test(event.body) };
  const raw = Buffer.from(event.body, 'base64');
  return { body: raw.toString('utf8'), bodyBytes: raw.length, invalidUtf8: !isUtf8(raw) };
}

export function fromApiGatewayV2(event: APIGatewayProxyEventV2): InboundRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? '/',
    headers,
    ...bodyOf(event),
    query,
    sourceIp: event.requestContext?.http?.sourceIp,
  };
}

export function toApiGatewayV2(response: JsonResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(response.headers ?? {}) },
    body: JSON.stringify(response.body),
  };
}
