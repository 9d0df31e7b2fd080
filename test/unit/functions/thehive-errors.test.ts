import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../shared/thehive/errors.js';
import { theHiveRequests } from '../../../shared/thehive/requests.js';

describe('TheHive answers', () => {
  it('classifies a duplicate the way TheHive 3, 4 and 5 answer it', () => {
    const v4 = '{"type":"CreateError","message":"Alert EDR:Elastic:abc already exist in organisation soc"}';
    expect(errorFromResponse(400, v4, 'create alert')).toMatchObject({ kind: 'already-exists', status: 400, message: expect.stringContaining('already exist') });
    expect(errorFromResponse(400, '{"type":"ConflictError","message":"document already exists"}', 'x').kind).toBe('already-exists');
    expect(errorFromResponse(409, '', 'x').kind).toBe('already-exists');
  });

  it('classifies auth, missing, transient and other errors', () => {
    expect(errorFromResponse(401, '{"type":"AuthenticationError","message":"Authentication failure"}', 'x').kind).toBe('configuration');
    expect(errorFromResponse(403, '', 'x').kind).toBe('configuration');
    expect(errorFromResponse(404, '', 'x').kind).toBe('not-found');
    for (const status of [500, 502, 503, 504, 429, 408]) expect(errorFromResponse(status, '', 'x').kind).toBe('transient');
    const invalid = errorFromResponse(400, '{"type":"AttributeCheckingError","message":"Invalid severity"}', 'create alert');
    expect(invalid).toMatchObject({ kind: 'permanent', message: 'TheHive create alert: HTTP 400 AttributeCheckingError: Invalid severity' });
    expect(errorFromResponse(400, '<html>\n  <body>proxy error</body>\n</html>', 'x').message).toBe('TheHive x: HTTP 400 <html> <body>proxy error</body> </html>');
  });

  it('builds the query for an alert by (type, source, sourceRef) with _eq filters joined by _and', () => {
    expect(theHiveRequests.findAlertBySourceRef({ type: 't', source: 's', sourceRef: 'r' })).toEqual({
      method: 'POST',
      path: '/api/v1/query',
      body: {
        query: [
          { _name: 'listAlert' },
          { _name: 'filter', _and: [{ _eq: { _field: 'type', _value: 't' } }, { _eq: { _field: 'source', _value: 's' } }, { _eq: { _field: 'sourceRef', _value: 'r' } }] },
          { _name: 'page', from: 0, to: 1 },
        ],
      },
    });
    expect(theHiveRequests.updateCase('~1/x', { status: 'TruePositive' })).toEqual({ method: 'PATCH', path: '/api/v1/case/~1%2Fx', body: { status: 'TruePositive' } });
  });
});
