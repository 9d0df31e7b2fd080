/** A stable key for a raw webhook body: a re-post of the same bytes routes only once. */
import { createHash } from 'node:crypto';

export function eventKey(rawBody: string): string {
  return createHash('sha256').update(rawBody, 'utf8').digest('hex');
}
