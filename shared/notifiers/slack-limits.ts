/**
 * Fit a Slack message (default or from a user template) within Block Kit's limits before it
 * is sent: Slack rejects the whole message (invalid_blocks, msg_too_long) when one field is
 * too long, so each field is cut with a marker and surplus blocks/elements are dropped (the
 * last kept block says how many were left out).
 */
import { limits, truncate } from './limits.js';

const L = limits.slack;

export interface SlackMessage {
  text?: string;
  blocks?: Record<string, unknown>[];
  [field: string]: unknown;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function fitTextObject(value: unknown, max: number): unknown {
  if (!isRecord(value) || typeof value.text !== 'string') return value;
  return { ...value, text: truncate(value.text, max) };
}

function fitElement(element: unknown): unknown {
  if (!isRecord(element)) return element;
  const out: Json = { ...element };
  if (out.type === 'button') {
    out.text = fitTextObject(out.text, L.buttonText);
    if (typeof out.value === 'string') out.value = truncate(out.value, L.buttonValue, '');
    if (typeof out.url === 'string' && out.url.length > L.url) delete out.url; // a cut URL would be wrong
  }
  if (Array.isArray(out.options)) {
    out.options = out.options.map((option) =>
      isRecord(option) ? { ...option, text: fitTextObject(option.text, L.optionText), value: typeof option.value === 'string' ? truncate(option.value, L.optionValue, '') : option.value } : option,
    );
    if (isRecord(out.initial_option)) {
      const initial = out.initial_option;
      out.initial_option = (out.options as Json[]).find((o) => o.value === (typeof initial.value === 'string' ? truncate(initial.value, L.optionValue, '') : initial.value));
      if (!out.initial_option) delete out.initial_option;
    }
  }
  if (typeof out.action_id === 'string') out.action_id = truncate(out.action_id, L.blockId, '');
  return out;
}

function fitBlock(block: Json): Json {
  const out: Json = { ...block };
  if (typeof out.block_id === 'string') out.block_id = truncate(out.block_id, L.blockId, '');
  switch (out.type) {
    case 'header':
      out.text = fitTextObject(out.text, L.headerText);
      break;
    case 'section':
      out.text = fitTextObject(out.text, L.sectionText);
      if (Array.isArray(out.fields)) out.fields = out.fields.slice(0, L.sectionFields).map((field) => fitTextObject(field, L.fieldText));
      if (out.accessory) out.accessory = fitElement(out.accessory);
      if (out.text === undefined) delete out.text;
      break;
    case 'context':
      if (Array.isArray(out.elements)) out.elements = out.elements.slice(0, L.contextElements).map((e) => fitTextObject(e, L.sectionText));
      break;
    case 'actions':
      if (Array.isArray(out.elements)) out.elements = out.elements.slice(0, L.actionElements).map(fitElement);
      break;
  }
  return out;
}

export function fitSlackMessage<M extends SlackMessage>(message: M): M {
  const out: SlackMessage = { ...message };
  if (Array.isArray(message.blocks)) {
    let blocks = message.blocks.filter(isRecord).map(fitBlock);
    if (blocks.length > L.blocks) {
      const left = blocks.length - (L.blocks - 1);
      blocks = [...blocks.slice(0, L.blocks - 1), { type: 'context', elements: [{ type: 'mrkdwn', text: `… (${left} more blocks truncated)` }] }];
    }
    out.blocks = blocks;
  }
  if (typeof out.text === 'string') out.text = truncate(out.text, out.blocks?.length ? L.fallbackText : L.text);
  return out as M;
}
