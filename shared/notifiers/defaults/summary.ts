/**
 * The default message of every chat/on-call/email type, as a neutral summary: what happened
 * (per object type and operation), the object's title and link, its key facts and its text.
 * Each type lays the summary out in its own format (Block Kit, Adaptive Card, Markdown, HTML…).
 */
import type { RelayEvent } from '../../events/model.js';
import { papLabel, severityLabel, tlpLabel } from '../../events/labels.js';
import { lifecycleOf, type RootState } from '../lifecycle.js';
import { isRecord } from '../../json.js';

export interface Fact {
  label: string;
  value: string;
}

export interface MessageSummary {
  /** what happened, one line: "New case #7", "Task completed in case #7" */
  headline: string;
  /** the object's own title (or data / message) */
  title: string;
  /** the object named with its kind and number: "Case #7: Phishing", "Alert: Impossible travel", "Task: Isolate FS01" */
  label: string;
  objectType: string;
  /** link to the object (or its case/alert) in TheHive */
  link?: string;
  severity?: number;
  facts: Fact[];
  /** description, log message, comment… (Markdown as TheHive stores it) */
  text?: string;
  /** changed fields of an update, "status: InProgress" */
  changes: Fact[];
  actor?: string;
  /** epoch ms of the operation */
  at: number;
  /** state of the case/alert it belongs to, when known */
  state?: RootState;
  /** hex colour: severity, or grey once closed */
  colour: string;
  tags: string[];
}

type Json = Record<string, unknown>;
const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

const severityColours: Record<number, string> = { 1: '#2eb67d', 2: '#ecb22e', 3: '#e8912d', 4: '#e01e5a' };
const CLOSED_COLOUR = '#9e9e9e';
const NEUTRAL_COLOUR = '#4a90d9';

/** "case #7" / "alert" / "case" */
function rootRef(rootType: string | undefined, root: Json | undefined): string {
  const kind = rootType === 'Alert' ? 'alert' : 'case';
  const number = text(root?.number) ?? (rootType === 'Case' ? text(root?.caseId) : undefined);
  return number ? `${kind} #${number}` : kind;
}

const changed = (event: RelayEvent, field: string): boolean => field in event.details;

function headlineOf(event: RelayEvent, state: RootState | undefined, ref: string, object: Json): string {
  const { action, objectType } = event;
  const title = text(object.title);
  if (action === 'delete') return `${objectType === 'Case' || objectType === 'Alert' ? cap(ref) : objectType} deleted`;
  switch (objectType) {
    case 'Case':
      if (action === 'create') return `New ${ref}`;
      if (action === 'merge') return `${cap(ref)} merged`;
      if (state === 'closed' && (changed(event, 'stage') || changed(event, 'status'))) {
        const how = text(object.resolutionStatus) ?? text(object.status);
        return how && how !== 'Resolved' && how !== 'Closed' ? `${cap(ref)} closed (${how})` : `${cap(ref)} closed`;
      }
      if (changed(event, 'assignee') || changed(event, 'owner')) {
        const who = text(object.assignee) ?? text(object.owner);
        return who ? `${cap(ref)} assigned to ${who}` : `${cap(ref)} unassigned`;
      }
      return `${cap(ref)} updated`;
    case 'Alert':
      if (action === 'create') return 'New alert';
      if (text(object.caseId) && changed(event, 'caseId')) {
        // v5 sends the case's id there, v3/v4 may send its number
        const caseRef = text(object.caseId)!;
        return `Alert imported into case ${/^\d+$/.test(caseRef) ? `#${caseRef}` : caseRef}`;
      }
      if (state === 'closed' && (changed(event, 'stage') || changed(event, 'status'))) return `Alert ${text(object.status)?.toLowerCase() ?? 'closed'}`;
      return 'Alert updated';
    case 'Task': {
      const status = text(object.status);
      if (action === 'create') return `New task in ${ref}`;
      if (changed(event, 'status') && status === 'Completed') return `Task completed in ${ref}`;
      if (changed(event, 'status') && status === 'Cancel') return `Task cancelled in ${ref}`;
      if (changed(event, 'assignee') || changed(event, 'owner')) {
        const who = text(object.assignee) ?? text(object.owner);
        return who ? `Task assigned to ${who} in ${ref}` : `Task unassigned in ${ref}`;
      }
      return `Task updated in ${ref}`;
    }
    case 'Log':
      return action === 'create' ? `New task log in ${ref}` : `Task log updated in ${ref}`;
    case 'Observable':
      return action === 'create' ? `New observable in ${ref}` : `Observable updated in ${ref}`;
    case 'Comment':
      return action === 'create' ? `New comment on ${ref}` : `Comment updated on ${ref}`;
    case 'Job': {
      const analyzer = text(object.analyzerName) ?? text(object.analyzerDefinition) ?? 'Analyzer';
      const status = text(object.status);
      return status && status !== 'Waiting' && status !== 'InProgress' ? `${analyzer} finished: ${status}` : `${analyzer} job ${status ?? action}`;
    }
    case 'Action': {
      const responder = text(object.responderName) ?? text(object.responderDefinition) ?? 'Responder';
      const status = text(object.status);
      return status && status !== 'Waiting' && status !== 'InProgress' ? `${responder} finished: ${status}` : `${responder} action ${status ?? action}`;
    }
    default:
      return `${objectType} ${pastTense(action)}${title ? '' : ` (${event.objectId})`}`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pastTense = (action: string) =>
  ({ create: 'created', update: 'updated', delete: 'deleted', merge: 'merged', invoke: 'invoked' })[action] ?? action;

function titleOf(event: RelayEvent, object: Json): string {
  switch (event.objectType) {
    case 'Observable':
      return [text(object.dataType), text(object.data) ?? text(isRecord(object.attachment) ? object.attachment.name : undefined)]
        .filter(Boolean)
        .join(': ') || event.objectId;
    case 'Log':
    case 'Comment':
      return text(object.title) ?? firstLine(text(object.message)) ?? event.objectType;
    case 'Job':
    case 'Action':
      return text(object.analyzerName) ?? text(object.responderName) ?? text(object.title) ?? event.objectType;
    default:
      return text(object.title) ?? text(object.name) ?? `${event.objectType} ${event.objectId}`;
  }
}

const firstLine = (value: string | undefined) => value?.split('\n')[0];

function bodyOf(event: RelayEvent, object: Json, state: RootState | undefined): string | undefined {
  switch (event.objectType) {
    case 'Log':
    case 'Comment':
      return text(object.message);
    case 'Observable':
      return text(object.message);
    case 'Case':
    case 'Alert':
      if (event.action !== 'create' && text(object.summary) && state === 'closed') return text(object.summary);
      return text(object.description);
    default:
      return text(object.description);
  }
}

// constant keys: a key built per call (`${field}Label`) costs a string-table lookup on every read
const labelKeys = { severity: 'severityLabel', tlp: 'tlpLabel', pap: 'papLabel' } as const;

function labelled(object: Json, field: 'severity' | 'tlp' | 'pap', version: RelayEvent['version']): string | undefined {
  const given = text(object[labelKeys[field]]);
  if (given) return given;
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  return field === 'severity' ? severityLabel(value) : field === 'tlp' ? tlpLabel(value, version) : papLabel(value, version);
}

const SHOWN_CHANGES = ['status', 'stage', 'severity', 'tlp', 'pap', 'assignee', 'owner', 'title', 'flag', 'tags', 'resolutionStatus', 'impactStatus'];

function changesOf(event: RelayEvent): Fact[] {
  if (event.action !== 'update') return [];
  const out: Fact[] = [];
  for (const field of SHOWN_CHANGES) {
    if (!(field in event.details)) continue;
    if ((field === 'owner' && 'assignee' in event.details) || (field === 'stage' && 'status' in event.details)) continue;
    const value = event.details[field];
    const shown =
      field === 'severity' || field === 'tlp' || field === 'pap'
        ? labelled(event.details, field, event.version) ?? text(value)
        : Array.isArray(value)
          ? value.map(String).join(', ')
          : text(value) ?? (value === null ? '(none)' : undefined);
    if (shown !== undefined) out.push({ label: field === 'owner' ? 'assignee' : field, value: shown });
  }
  return out;
}

export interface SummaryOptions {
  /** link to the object in TheHive (the template variable `url`) */
  link?: string;
}

const addFact = (facts: Fact[], label: string, value: string | undefined): void => {
  if (value) facts.push({ label, value });
};

export function summarise(event: RelayEvent, options: SummaryOptions = {}): MessageSummary {
  const object: Json = event.object ?? {};
  const life = lifecycleOf(event);
  const root = life.root ?? (event.objectType === 'Case' || event.objectType === 'Alert' ? object : undefined);
  const ref = rootRef(life.rootType ?? (event.objectType === 'Alert' ? 'Alert' : undefined), root);

  const severitySource = object.severity !== undefined ? object : root ?? {};
  const severity = typeof severitySource.severity === 'number' ? severitySource.severity : undefined;
  const facts: Fact[] = [];
  addFact(facts, 'Severity', labelled(severitySource, 'severity', event.version));
  addFact(facts, 'TLP', labelled(object, 'tlp', event.version) ?? (root ? labelled(root, 'tlp', event.version) : undefined));
  addFact(facts, 'PAP', labelled(object, 'pap', event.version) ?? (root ? labelled(root, 'pap', event.version) : undefined));
  addFact(facts, 'Status', text(object.status) ?? (root ? text(root.status) : undefined));
  addFact(facts, 'Assignee', text(object.assignee) ?? text(object.owner));
  if (event.objectType === 'Alert') addFact(facts, 'Source', [text(object.source), text(object.sourceRef)].filter(Boolean).join(' / ') || undefined);
  if (event.objectType === 'Task') addFact(facts, 'Group', text(object.group));
  if (event.objectType === 'Observable') addFact(facts, 'IOC', object.ioc === true ? 'yes' : undefined);
  if (root && root !== object && event.objectType !== 'Case' && event.objectType !== 'Alert') addFact(facts, ref.startsWith('alert') ? 'Alert' : 'Case', [ref.replace(/^\w+ /, ''), text(root.title)].filter(Boolean).join(' '));

  const tags = Array.isArray(object.tags) ? object.tags.map(String) : [];
  const colour = life.state === 'closed' ? CLOSED_COLOUR : severity ? severityColours[severity] ?? NEUTRAL_COLOUR : NEUTRAL_COLOUR;

  const title = titleOf(event, object);
  const number = event.objectType === 'Case' ? text(object.number) ?? text(object.caseId) : undefined;
  return {
    headline: headlineOf(event, life.state, ref, object),
    title,
    label: `${event.objectType}${number ? ` #${number}` : ''}: ${title}`,
    objectType: event.objectType,
    link: options.link,
    severity,
    facts,
    text: bodyOf(event, object, life.state),
    changes: changesOf(event),
    actor: event._createdBy,
    at: event._createdAt,
    state: life.state,
    colour,
    tags,
  };
}

/**
 * Summary of the case or alert an event belongs to, for a message that follows the root
 * through its life; undefined when the event does not carry the root object (v3/v4 child events).
 * A case or alert event is its own root: pass its summary (same options) when already made.
 */
export function summariseRoot(event: RelayEvent, options: SummaryOptions = {}, eventSummary?: MessageSummary): MessageSummary | undefined {
  if (event.objectType === 'Case' || event.objectType === 'Alert') return eventSummary ?? summarise(event, options);
  const life = lifecycleOf(event);
  if (!life.root || !life.rootType) return undefined;
  return summarise({ ...event, objectType: life.rootType, objectId: life.rootId, object: life.root, details: {}, action: 'update' }, options);
}

/** The event's summary and its root's (see summariseRoot), made once for a message that shows both. */
export function summariseWithRoot(event: RelayEvent, options: SummaryOptions = {}): { event: MessageSummary; root: MessageSummary | undefined } {
  const summary = summarise(event, options);
  return { event: summary, root: summariseRoot(event, options, summary) };
}
