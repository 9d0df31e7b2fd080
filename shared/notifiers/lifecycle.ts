/**
 * Where an event sits in the life of its case or alert: which root object it belongs to and
 * whether that root is open, being worked on or closed. Notifiers that follow a case (Slack
 * bot messages, SIGNL4, PagerDuty) key their memory on the root and act on its state.
 * Works on normalised events: v0 objects already carry the v5 `stage` beside `status`.
 */
import type { RelayEvent } from '../events/model.js';
import { isRecord } from '../json.js';

export type RootState = 'open' | 'in-progress' | 'closed';

export interface Lifecycle {
  /** 'Case' or 'Alert' when known */
  rootType?: string;
  rootId: string;
  /** the root object when the event carries it (the object itself, or v5 `context`) */
  root?: Record<string, unknown>;
  /** undefined when the event does not tell (e.g. a v3 task event: no parent object) */
  state?: RootState;
}

type Json = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function typeOf(object: Json | undefined): string | undefined {
  const raw = str(object?._type);
  if (!raw) return undefined;
  const lower = raw.toLowerCase();
  return lower === 'case' ? 'Case' : lower === 'alert' ? 'Alert' : raw;
}

// Looked up with Object.hasOwn: a stage such as `constructor` must not find Object.prototype.
const caseStages: Record<string, RootState> = { New: 'open', InProgress: 'in-progress', Closed: 'closed' };
const alertStages: Record<string, RootState> = { New: 'open', InProgress: 'in-progress', Closed: 'closed', Imported: 'closed' };

/** State of a case or alert object; undefined when it carries neither stage nor a known status. */
export function stateOf(rootType: string | undefined, object: Json): RootState | undefined {
  const stage = str(object.stage);
  const status = str(object.status);
  if (rootType === 'Alert') {
    if (stage && Object.hasOwn(alertStages, stage)) return alertStages[stage];
    if (status === 'Ignored' || status === 'Imported') return 'closed';
    if (object.caseId !== undefined && object.caseId !== null && object.caseId !== '') return 'closed';
    if (status === 'New' || status === 'Updated') return 'open';
    return undefined;
  }
  if (stage && Object.hasOwn(caseStages, stage)) return caseStages[stage];
  if (status === 'Resolved' || status === 'Deleted') return 'closed';
  if (status === 'Open' || status === 'New') return 'open';
  if (status === 'InProgress') return 'in-progress';
  return undefined;
}

export function lifecycleOf(event: RelayEvent): Lifecycle {
  if (event.objectType === 'Case' || event.objectType === 'Alert') {
    const rootType = event.objectType;
    if (event.action === 'delete') return { rootType, rootId: event.objectId, state: 'closed' };
    const root = event.object;
    const state = root ? stateOf(rootType, root) : undefined;
    return { rootType, rootId: event.objectId, root, state };
  }
  const context = isRecord(event.context) ? event.context : undefined;
  const contextType = typeOf(context);
  const contextId = str(context?._id) ?? str(context?.id);
  const rootId = event.rootId ?? contextId ?? event.objectId;
  if (context && (contextType === 'Case' || contextType === 'Alert') && (!event.rootId || event.rootId === contextId)) {
    return { rootType: contextType, rootId, root: context, state: stateOf(contextType, context) };
  }
  return { rootId };
}

/** Memory key of the case/alert an event belongs to. */
export const rootKey = (event: RelayEvent): string => lifecycleOf(event).rootId;

/** What an on-call notifier (SIGNL4, PagerDuty) remembers per case/alert. */
export interface OnCallMemory {
  state: RootState;
  /** epoch ms of the event that set it */
  lastEventAt: number;
}

const isOnCallMemory = (value: unknown): value is OnCallMemory =>
  isRecord(value) && typeof value.state === 'string' && typeof value.lastEventAt === 'number';

/**
 * The states the on-call alert of this event's case/alert should go through, in order; none
 * when nothing changes: the state is the remembered one, the event is older than the last one
 * acted on (so a late update never re-opens a resolved alert), or the event does not tell the
 * state of an alert already raised. Without `acknowledge`, "in progress" counts as open; with
 * it, a case first seen (or re-opened) in progress is raised, then acknowledged.
 */
export function onCallTransitions(event: RelayEvent, memory: unknown, options: { acknowledge: boolean }): RootState[] {
  const remembered = isOnCallMemory(memory) ? memory : undefined;
  if (remembered && event._createdAt < remembered.lastEventAt) return [];
  let target = lifecycleOf(event).state;
  if (target === undefined) {
    if (remembered) return [];
    target = 'open';
  }
  if (target === 'in-progress' && !options.acknowledge) target = 'open';
  if (remembered?.state === target) return [];
  // an acknowledgement needs a live alert to acknowledge
  if (target === 'in-progress' && (!remembered || remembered.state === 'closed')) return ['open', 'in-progress'];
  return [target];
}
