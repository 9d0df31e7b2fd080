import * as z from 'zod';

/**
 * Receives before a failing message is parked in its DLQ. SQS accepts 1–1000 and the stack
 * gives SQS one receive more than the relay (its redrive is the safety net for a worker that
 * dies before parking), so the relay's own count stops at 999.
 */
export const maxReceiveCountSchema = z.number().int().min(1).max(999).default(5);
