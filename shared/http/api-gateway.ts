/** API Gateway HTTP API (payload format 2.0) ⇄ InboundRequest/JsonResponse. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { InboundRequest, JsonResponse } from './types.js';

export function fromApiGatewayV2(event: APIGatewayProxyEventV2): InboundRequest {
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? '/',
    headers,
    body: raw.toString('utf8'),
    bodyBytes: raw.length,
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
