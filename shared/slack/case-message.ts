/**
 * The case message as the act worker redraws it after an action: the case as TheHive returns
 * it now, dressed as a case-update event so it renders exactly like the Slack notifier's
 * message (caseMessageBlocks, interactive), with who acted from Slack in its context line.
 */
import type { RelayEvent, TheHiveVersion } from '../events/model.js';
import { withV5Fields } from '../events/v5-fields.js';
import { fitSlackMessage } from '../notifiers/slack-limits.js';
import { templateVariables } from '../templates/variables.js';
import type { TheHiveCase } from '../thehive/types.js';
import { caseMessageBlocks, fallbackText, summariesOf } from './blocks.js';

export interface CaseMessageContext {
  version: TheHiveVersion;
  thehiveUrl?: string;
  /** shown as who made the last change */
  actor?: string;
  /** the fields the action changed (shown as the last change) */
  details?: Record<string, unknown>;
  /** epoch ms of the change */
  at: number;
}

export function caseUpdateEvent(theCase: TheHiveCase, context: CaseMessageContext): RelayEvent {
  const object = withV5Fields(theCase as Record<string, unknown>, { objectType: 'Case', version: context.version, creating: false });
  return {
    version: context.version,
    format: 'audit',
    action: 'update',
    mainAction: true,
    objectType: 'Case',
    objectId: theCase._id,
    object,
    details: context.details ?? {},
    rootId: theCase._id,
    _createdAt: context.at,
    ...(context.actor ? { _createdBy: context.actor } : {}),
  };
}

export function renderCaseMessage(theCase: TheHiveCase, context: CaseMessageContext): { text: string; blocks: unknown[] } {
  const variables = templateVariables(caseUpdateEvent(theCase, context), { thehiveUrl: context.thehiveUrl });
  const summaries = summariesOf(variables);
  const blocks = caseMessageBlocks(variables, { interactive: true }, summaries);
  const message = fitSlackMessage({ text: fallbackText(summaries, 'case'), blocks });
  return { text: message.text ?? '', blocks: message.blocks ?? [] };
}
