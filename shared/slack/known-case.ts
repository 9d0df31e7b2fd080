/**
 * Whether a Slack message is one the relay posted for a case: the Slack notifiers with
 * `interactive: true` remember each case's message (channel, ts) in the state table
 * (shared/delivery/memory-key.ts: pk `MEM#<notifier>`, sk the case id).
 * An action naming a case that no interactive notifier posted in that message is refused
 * before anything reaches TheHive.
 */
import type { RelayConfig } from '../config/schema.js';
import { memoryItemKey } from '../delivery/memory-key.js';
import type { Log, StateStore } from '../ports.js';

export type KnownCaseCheck = (caseId: string, channel: string | undefined, messageTs: string | undefined) => Promise<boolean>;

/** Names of the Slack notifiers whose messages carry controls. */
export const interactiveSlackNotifiers = (config: Pick<RelayConfig, 'notifiers'>): string[] =>
  config.notifiers.filter((n) => n.type === 'slack' && n.interactive === true && n.botToken !== undefined).map((n) => n.name);

/**
 * undefined when no notifier posts interactive messages (controls then come from a user's
 * own template, and any well-formed case reference is accepted). A state-table read error
 * is logged and does not refuse the user: the signature and the workspace were checked already.
 */
export function knownCaseCheck(config: Pick<RelayConfig, 'notifiers'>, state: StateStore, log: Log): KnownCaseCheck | undefined {
  const notifiers = interactiveSlackNotifiers(config);
  if (!notifiers.length) return undefined;
  return async (caseId, channel, messageTs) => {
    try {
      for (const notifier of notifiers) {
        const key = memoryItemKey(notifier, caseId);
        const memory = (await state.get(key.pk, key.sk))?.memory as { channel?: unknown; ts?: unknown } | undefined;
        if (memory && memory.channel === channel && memory.ts === messageTs) return true;
      }
      return false;
    } catch (error) {
      log.warn('slack: case message record not readable; accepting the action', { caseId, error: (error as Error).message });
      return true;
    }
  };
}
