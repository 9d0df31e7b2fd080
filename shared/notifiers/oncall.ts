/**
 * What the on-call types (PagerDuty, SIGNL4) share: which states this event's on-call alert
 * goes through (see onCallTransitions), and remembering each step once it is delivered.
 * Kept out of lifecycle.ts, which the Slack bundles load: this module needs the template
 * runtime and answer.ts, which only the notify bundle carries.
 */
import type { RelayEvent } from '../events/model.js';
import type { HttpResponse } from '../ports.js';
import { templateVariables, type TemplateVariables } from '../templates/render.js';
import { statusOutcome } from './answer.js';
import { onCallTransitions, type OnCallMemory, type RootState } from './lifecycle.js';
import type { OutboundRequest, Outcome, RenderContext } from './types.js';

/** The states to send for this event, in order, with its template variables; undefined when there is nothing to send. */
export function onCallSteps(event: RelayEvent, ctx: RenderContext, options: { acknowledge: boolean }): { steps: RootState[]; variables: TemplateVariables } | undefined {
  const steps = onCallTransitions(event, ctx.memory, options);
  if (!steps.length) return undefined;
  return { steps, variables: templateVariables(event, { thehiveUrl: ctx.thehiveUrl }) };
}

/** A step's request memo: the OnCallMemory remembered once it is delivered. */
export const onCallMemo = (state: RootState, event: RelayEvent) => ({ state, lastEventAt: event._createdAt }) satisfies OnCallMemory;

/** The target's answer as an outcome; a delivered step remembers its memo. */
export function onCallOutcome(target: string, response: HttpResponse, request: OutboundRequest): Outcome {
  const outcome = statusOutcome(target, response, request);
  return outcome.kind === 'delivered' && request.memo ? { kind: 'delivered', remember: { ...request.memo } } : outcome;
}
