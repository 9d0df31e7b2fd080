/**
 * Slack Block Kit messages for TheHive objects:
 *   - caseMessageBlocks: the message that follows a case (or alert) through its life; with
 *     `interactive`, controls that act on the case (handled by the Slack interactions function).
 *   - eventMessageBlocks: one event on its own (incoming webhooks, standalone posts).
 *   - threadNoteBlocks: a short note of one event, replied in the case message's thread.
 * Limits are enforced by the caller (shared/notifiers/slack-limits.ts) on the whole message.
 */
import type { TemplateVariables } from '../templates/variables.js';
import { summarise, summariseWithRoot, type Fact, type MessageSummary } from '../notifiers/defaults/summary.js';
import { papLabel, tlpLabel } from '../events/labels.js';
import { caseActions } from './actions.js';
import { utcMinute } from '../notifiers/utc-time.js';

export type Block = Record<string, unknown> & { type: string };

/** The event's summary and its case/alert's (undefined when the event does not carry it). */
export interface Summaries {
  event: MessageSummary;
  root: MessageSummary | undefined;
}

/** Summaries with the link to TheHive: a render makes them once and passes them to each function below. */
export const summariesOf = (variables: TemplateVariables): Summaries => summariseWithRoot(variables.event, { link: variables.url });
/** The same for a message of the event alone (it shows no case): its root is not summarised. */
export const eventSummariesOf = (variables: TemplateVariables): Summaries => ({ event: summarise(variables.event, { link: variables.url }), root: undefined });

/** Slack mrkdwn treats &, < and > as control characters. */
const SLACK_SPECIAL = /[&<>]/;
export const slackEscape = (text: string): string =>
  SLACK_SPECIAL.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;

/** `<url|label>`: the URL must hold no `|` or `>`, the label no `<`/`>`. */
export const slackLink = (url: string, label: string): string =>
  `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C')}|${slackEscape(label)}>`;

const severityEmoji: Record<number, string> = { 1: ':large_green_circle:', 2: ':large_yellow_circle:', 3: ':large_orange_circle:', 4: ':red_circle:' };

function marker(summary: MessageSummary): string {
  if (summary.state === 'closed') return ':white_check_mark:';
  return (summary.severity && severityEmoji[summary.severity]) || ':large_blue_circle:';
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** `<!date^…>` renders in each reader's time zone; the fallback is UTC. */
function slackDate(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${utcMinute(epochMs)}>`;
}

function factFields(facts: Fact[], tags: string[]): Block | undefined {
  const fields = facts.map((fact) => mrkdwn(`*${slackEscape(fact.label)}*\n${slackEscape(fact.value)}`));
  if (tags.length) fields.push(mrkdwn(`*Tags*\n${tags.map((tag) => `\`${slackEscape(tag)}\``).join(' ')}`));
  return fields.length ? { type: 'section', fields } : undefined;
}

function titleLine(summary: MessageSummary, label: string): string {
  const title = summary.link ? slackLink(summary.link, label) : slackEscape(label);
  return `${marker(summary)} *${title}*`;
}

/** Cap for a description in a chat message: a summary, not the whole report. */
const DESCRIPTION_CHARS = 1500;

function textSection(text: string | undefined): Block | undefined {
  if (!text) return undefined;
  const cut = text.length > DESCRIPTION_CHARS ? `${text.slice(0, DESCRIPTION_CHARS)}… (truncated)` : text;
  return { type: 'section', text: mrkdwn(slackEscape(cut)) };
}

/** "Case updated · by alice · Today 10:02" (who and when, in a context line) */
function whoWhen(summary: MessageSummary, headline?: string): Block | undefined {
  const parts: string[] = [];
  if (headline) parts.push(slackEscape(headline));
  if (summary.actor) parts.push(`by ${slackEscape(summary.actor)}`);
  if (summary.at) parts.push(slackDate(summary.at));
  return parts.length ? { type: 'context', elements: [mrkdwn(parts.join(' · '))] } : undefined;
}

const compact = (blocks: (Block | undefined)[]): Block[] => blocks.filter((block): block is Block => block !== undefined);

function caseIdOf(variables: TemplateVariables): string | undefined {
  const id = variables.case?._id ?? variables.case?.id;
  if (typeof id === 'string' && id) return id;
  const event = variables.event;
  return event.objectType === 'Case' ? event.objectId : event.rootId;
}

const STATUS_OPTIONS = [
  ['New', 'New'],
  ['InProgress', 'In progress'],
] as const;
const SEVERITY_OPTIONS = [
  ['1', 'LOW'],
  ['2', 'MEDIUM'],
  ['3', 'HIGH'],
  ['4', 'CRITICAL'],
] as const;

const option = (value: string, label: string) => ({ text: plain(label), value });

function select(actionId: string, placeholder: string, options: { value: string; label: string }[], current: unknown): Record<string, unknown> {
  const built = options.map((o) => option(o.value, o.label));
  const initial = built.find((o) => current !== undefined && current !== null && o.value === String(current));
  return { type: 'static_select', action_id: actionId, placeholder: plain(placeholder), options: built, ...(initial ? { initial_option: initial } : {}) };
}

/**
 * Controls acting on the case: each button's value carries `case:<id>`, the block_id
 * `case:<id>:<iteration>` (see actions.ts; parseCaseRef reads both). Slack asks for a new
 * block_id on every update of a message: clients keep a select's state per block_id, so a reused
 * one shows the old choice instead of the new initial_option. The iteration is the time of the
 * change the message shows (the event's, or the act worker's redraw time).
 */
function caseControls(caseId: string, iteration: number, root: Record<string, unknown>, version: TemplateVariables['event']['version'], link: string | undefined, closed: boolean): Block {
  const value = `case:${caseId}`;
  const elements: Record<string, unknown>[] = [];
  if (!closed) {
    const tlpValues = version >= 5 ? [0, 1, 2, 3, 4] : [0, 1, 2, 3];
    elements.push(
      select(caseActions.status, 'Status', STATUS_OPTIONS.map(([v, l]) => ({ value: v, label: l })), root.stage ?? root.status),
      select(caseActions.severity, 'Severity', SEVERITY_OPTIONS.map(([v, l]) => ({ value: v, label: l })), root.severity),
      select(caseActions.tlp, 'TLP', tlpValues.map((n) => ({ value: String(n), label: `TLP:${tlpLabel(n, version)}` })), root.tlp),
      select(caseActions.pap, 'PAP', [0, 1, 2, 3].map((n) => ({ value: String(n), label: `PAP:${papLabel(n, version)}` })), root.pap),
      { type: 'button', action_id: caseActions.assignToMe, text: plain('Assign to me'), value },
      { type: 'button', action_id: caseActions.addTask, text: plain('Add task'), value },
      { type: 'button', action_id: caseActions.close, text: plain('Close case'), value, style: 'danger' },
    );
  }
  if (link) elements.push({ type: 'button', action_id: caseActions.openInTheHive, text: plain('Open in TheHive'), url: link, value });
  return { type: 'actions', block_id: `${value}:${iteration}`, elements };
}

/**
 * The message that follows a case (or alert): title linked to TheHive, severity, TLP/PAP,
 * status, assignee, tags, description, and what happened last. `interactive` adds controls
 * (cases only: alerts have no case actions).
 */
export function caseMessageBlocks(variables: TemplateVariables, options: { interactive: boolean }, summaries: Summaries = summariesOf(variables)): Block[] {
  const event = variables.event;
  const summary = summaries.root;
  // a v3/v4 child event carries no case: show the event itself
  if (!summary) return eventMessageBlocks(summaries.event);
  const last = summaries.event;
  const blocks = compact([
    { type: 'section', text: mrkdwn(titleLine(summary, summary.label)) },
    factFields(summary.facts, summary.tags),
    textSection(summary.text),
    whoWhen(last, last.headline),
  ]);
  const caseId = caseIdOf(variables);
  const root = variables.case;
  const linkOnly = variables.url && summary.objectType !== 'Case';
  if (options.interactive && root && caseId && summary.objectType === 'Case') {
    const controls = caseControls(caseId, event._createdAt, root, event.version, variables.url, summary.state === 'closed');
    // a closed case without a TheHive link has no control left: Slack refuses an empty actions block
    if ((controls.elements as unknown[]).length) blocks.push(controls);
  } else if (options.interactive && linkOnly) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: caseActions.openInTheHive, text: plain('Open in TheHive'), url: variables.url }] });
  }
  return blocks;
}

/** One event on its own: what happened, the object, its facts and text. */
export function eventMessageBlocks(summary: MessageSummary): Block[] {
  const changes = summary.changes.length ? `\n${summary.changes.map((c) => `${slackEscape(c.label)} → *${slackEscape(c.value)}*`).join(', ')}` : '';
  return compact([
    { type: 'section', text: mrkdwn(`${titleLine(summary, summary.headline)}\n${slackEscape(summary.title)}${changes}`) },
    factFields(summary.facts, summary.tags),
    textSection(summary.text),
    whoWhen(summary),
  ]);
}

/** A short note of one event, for the case message's thread. */
export function threadNoteBlocks(summary: MessageSummary): Block[] {
  const changes = summary.changes.map((c) => `${slackEscape(c.label)} → *${slackEscape(c.value)}*`).join(', ');
  const isRootEvent = summary.objectType === 'Case' || summary.objectType === 'Alert';
  const lines = [`*${slackEscape(summary.headline)}*${isRootEvent ? '' : `: ${slackEscape(summary.title)}`}`];
  if (changes) lines.push(changes);
  const body = isRootEvent ? undefined : summary.text;
  return compact([
    { type: 'section', text: mrkdwn(lines.join('\n')) },
    textSection(body),
    whoWhen(summary),
  ]);
}

/** Plain-text fallback (notifications, screen readers): "New case #7: Phishing (HIGH)". */
export function fallbackText(summaries: Summaries, kind: 'case' | 'event' | 'note'): string {
  const root = kind === 'case' ? summaries.root : undefined;
  const summary = root ?? summaries.event;
  const severity = summary.facts.find((f) => f.label === 'Severity')?.value;
  const status = summary.facts.find((f) => f.label === 'Status')?.value;
  const head = root ? summary.label : `${summary.headline}: ${summary.title}`;
  const extras = [severity, root ? status : undefined].filter(Boolean).join(', ');
  return slackEscape(extras ? `${head} (${extras})` : head);
}
