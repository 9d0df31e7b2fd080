/**
 * One first message per case and notifier. Types that follow a case (a Slack thread, a SIGNL4
 * or PagerDuty incident) post once, then update what they remember. Two events of a new case
 * handled at the same moment by two workers would both find no memory and both post: the
 * first one claims the case here (a conditional write), the other waits until the memory
 * exists. A claim lapses after CLAIM_SECONDS, so a crashed worker never blocks the case.
 */
import type { StateStore } from '../ports.js';
import { memoryItemKey } from './memory-key.js';

export const CLAIM_SECONDS = 60;
/** how long a waiting event stays away before it looks again */
export const FIRST_POST_WAIT_SECONDS = 5;

const claimKey = (notifier: string, memoryKey: string) => {
  const key = memoryItemKey(notifier, memoryKey);
  return { pk: key.pk, sk: `${key.sk}#FIRST-POST` };
};

/** 'mine' when this event may post the first message, 'taken' while another one does. */
export async function claimFirstPost(state: StateStore, notifier: string, memoryKey: string, eventKey: string, nowMs: number): Promise<'mine' | 'taken'> {
  const key = claimKey(notifier, memoryKey);
  const fresh = await state.putIfAbsent({ ...key, eventKey, expiresAt: Math.floor(nowMs / 1000) + CLAIM_SECONDS });
  if (fresh) return 'mine';
  // a retry of the event that holds the claim goes on
  const holder = await state.get(key.pk, key.sk);
  return holder === undefined || holder.eventKey === eventKey ? 'mine' : 'taken';
}

export async function releaseFirstPost(state: StateStore, notifier: string, memoryKey: string): Promise<void> {
  const key = claimKey(notifier, memoryKey);
  await state.delete(key.pk, key.sk);
}
