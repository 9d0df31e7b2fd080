/**
 * The "Add task" and "Close case" dialogs (Slack modals), and the checks on what users submit.
 * The modal's private_metadata carries the case and the message to update, so the submission
 * (which has no channel of its own) can be routed and authorised like a button.
 */
import type { TheHiveVersion } from '../events/model.js';
import { caseDialogs } from './actions.js';
import type { CaseChange } from './act-message.js';
import { closeResolutions, impactLabels, impactStatuses, resolutionLabels } from './case-fields.js';
import type { ViewStateValues } from './payload.js';

export interface DialogContext {
  caseId: string;
  channel?: string;
  messageTs?: string;
  /** shown in the dialog so the user knows which case it acts on */
  caseTitle?: string;
}

export const dialogBlocks = {
  title: 'task_title',
  description: 'task_description',
  dueDate: 'task_due',
  assignee: 'task_assignee',
  resolution: 'close_resolution',
  impact: 'close_impact',
  summary: 'close_summary',
} as const;

/** one input per block; this is its action id */
const INPUT = 'input';

const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, 75) });
const option = (value: string, label: string) => ({ text: plain(label), value });

export function encodeDialogContext(context: DialogContext): string {
  return JSON.stringify({ c: context.caseId, ch: context.channel, ts: context.messageTs });
}

export function decodeDialogContext(metadata: string): DialogContext | undefined {
  try {
    const raw = JSON.parse(metadata) as { c?: unknown; ch?: unknown; ts?: unknown };
    if (typeof raw.c !== 'string') return undefined;
    return {
      caseId: raw.c,
      channel: typeof raw.ch === 'string' ? raw.ch : undefined,
      messageTs: typeof raw.ts === 'string' ? raw.ts : undefined,
    };
  } catch {
    return undefined;
  }
}

function caseLine(context: DialogContext) {
  const label = context.caseTitle ? `*${context.caseTitle.slice(0, 2900)}*` : `Case \`${context.caseId}\``;
  return { type: 'section', text: { type: 'mrkdwn', text: label } };
}

export function addTaskView(context: DialogContext) {
  return {
    type: 'modal',
    callback_id: caseDialogs.addTask,
    private_metadata: encodeDialogContext(context),
    title: plain('Add task'),
    submit: plain('Add task'),
    close: plain('Cancel'),
    blocks: [
      caseLine(context),
      {
        type: 'input',
        block_id: dialogBlocks.title,
        label: plain('Title'),
        element: { type: 'plain_text_input', action_id: INPUT, max_length: 128 },
      },
      {
        type: 'input',
        block_id: dialogBlocks.description,
        optional: true,
        label: plain('Description'),
        element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: dialogBlocks.dueDate,
        optional: true,
        label: plain('Due date'),
        element: { type: 'datepicker', action_id: INPUT },
      },
      {
        type: 'input',
        block_id: dialogBlocks.assignee,
        optional: true,
        label: plain('Assignee'),
        hint: plain('Matched to a TheHive user by email'),
        element: { type: 'users_select', action_id: INPUT },
      },
    ],
  };
}

export function closeCaseView(context: DialogContext, version: TheHiveVersion) {
  return {
    type: 'modal',
    callback_id: caseDialogs.close,
    private_metadata: encodeDialogContext(context),
    title: plain('Close case'),
    submit: plain('Close case'),
    close: plain('Cancel'),
    blocks: [
      caseLine(context),
      {
        type: 'input',
        block_id: dialogBlocks.resolution,
        label: plain(version === 5 ? 'Status' : 'Resolution'),
        element: {
          type: 'static_select',
          action_id: INPUT,
          options: closeResolutions.map((value) => option(value, resolutionLabels[value])),
        },
      },
      {
        type: 'input',
        block_id: dialogBlocks.impact,
        label: plain('Impact'),
        element: {
          type: 'static_select',
          action_id: INPUT,
          initial_option: option('NoImpact', impactLabels.NoImpact),
          options: impactStatuses.map((value) => option(value, impactLabels[value])),
        },
      },
      {
        type: 'input',
        block_id: dialogBlocks.summary,
        label: plain('Summary'),
        element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 3000 },
      },
    ],
  };
}

export type SubmissionResult = { ok: true; change: CaseChange } | { ok: false; errors: Record<string, string> };

function field(values: ViewStateValues, block: string) {
  return values[block]?.[INPUT];
}

const text = (values: ViewStateValues, block: string): string => (field(values, block)?.value ?? '').trim();

/**
 * A datepicker date (YYYY-MM-DD) → epoch ms at the end of that day, UTC.
 * Slack's `selected_date` is a calendar date in the user's own zone, with no zone attached, and
 * the relay does not know the zone. Kept simple: the task is due at 23:59:59 UTC of that date
 * (one instant for every reader; TheHive shows it in each reader's zone).
 */
export function dueDateOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day, 23, 59, 59);
  const back = new Date(ms);
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : undefined;
}

/** The latest zone is UTC−12: until the day ends there, someone somewhere may call it today. */
const LATEST_ZONE_OFFSET_MS = 12 * 3_600_000;

/** The earliest date any user can still call "today" at `now`: the calendar date at UTC−12. */
function earliestToday(now: number): string {
  return new Date(now - LATEST_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

export function readAddTaskSubmission(values: ViewStateValues, now: number): SubmissionResult {
  const errors: Record<string, string> = {};
  const title = text(values, dialogBlocks.title);
  if (!title) errors[dialogBlocks.title] = 'Enter a title';
  else if (title.length > 128) errors[dialogBlocks.title] = 'At most 128 characters';
  const description = text(values, dialogBlocks.description);
  const date = field(values, dialogBlocks.dueDate)?.selected_date ?? undefined;
  let dueDate: number | undefined;
  if (date) {
    dueDate = dueDateOf(date);
    if (dueDate === undefined) errors[dialogBlocks.dueDate] = 'Pick a valid date';
    // by date, not by instant: a user west of UTC picking their today is already past 23:59 UTC of it
    else if (date < earliestToday(now)) errors[dialogBlocks.dueDate] = 'Pick today or a later date';
  }
  const assignee = field(values, dialogBlocks.assignee)?.selected_user ?? undefined;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    change: {
      kind: 'addTask',
      title,
      ...(description ? { description } : {}),
      ...(dueDate !== undefined ? { dueDate } : {}),
      ...(assignee ? { assigneeSlackUser: assignee } : {}),
    },
  };
}

export function readCloseSubmission(values: ViewStateValues): SubmissionResult {
  const errors: Record<string, string> = {};
  const resolution = field(values, dialogBlocks.resolution)?.selected_option?.value ?? '';
  const impact = field(values, dialogBlocks.impact)?.selected_option?.value ?? '';
  const summary = text(values, dialogBlocks.summary);
  if (!(closeResolutions as readonly string[]).includes(resolution)) errors[dialogBlocks.resolution] = 'Pick how the case ends';
  if (!(impactStatuses as readonly string[]).includes(impact)) errors[dialogBlocks.impact] = 'Pick the impact';
  if (!summary) errors[dialogBlocks.summary] = 'Write a short summary';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, change: { kind: 'close', resolution, impact, summary } };
}
