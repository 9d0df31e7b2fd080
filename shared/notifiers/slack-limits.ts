/**
 * Fit a Slack message (default or from a user template) within Block Kit's limits before it
 * is sent: Slack rejects the whole message (invalid_blocks, msg_too_long) when one field is
 * too long, so each field is cut with a marker and surplus blocks/elements are dropped (the
 * last kept block says how many were left out).
 */
import { limits, truncate } from './limits.js';
import { isRecord } from '../json.js';

const L = limits.slack;

export interface SlackMessage {
  text?: string;
  blocks?: Record<string, unknown>[];
  [field: string]: unknown;
}

type Json = Record<string, unknown>;

// Each function returns what it was given when that already fits (most messages do), and a
// fitted copy otherwise: the caller's objects are never changed.

function fitTextObject(value: unknown, max: number): unknown {
  if (!isRecord(value) || typeof value.text !== 'string') return value;
  const text = truncate(value.text, max);
  return text === value.text ? value : { ...value, text };
}

/** The first `max` items, each fitted; the same array when nothing changes. */
function fitList(list: unknown[], max: number, fit: (item: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined = list.length > max ? list.slice(0, max) : undefined;
  const length = Math.min(list.length, max);
  for (let i = 0; i < length; i++) {
    const fitted = fit(list[i]);
    if (fitted !== list[i]) (out ??= list.slice(0, length))[i] = fitted;
  }
  return out ?? list;
}

function fitOption(option: unknown): unknown {
  if (!isRecord(option)) return option;
  const text = fitTextObject(option.text, L.optionText);
  const value = typeof option.value === 'string' ? truncate(option.value, L.optionValue, '') : option.value;
  return text === option.text && value === option.value ? option : { ...option, text, value };
}

function fitElement(element: unknown): unknown {
  if (!isRecord(element)) return element;
  const button = element.type === 'button';
  const text = button ? fitTextObject(element.text, L.buttonText) : element.text;
  const value = button && typeof element.value === 'string' ? truncate(element.value, L.buttonValue, '') : element.value;
  const dropUrl = button && typeof element.url === 'string' && element.url.length > L.url; // a cut URL would be wrong
  const options = Array.isArray(element.options) ? fitList(element.options, element.options.length, fitOption) : element.options;
  let initial = element.initial_option;
  if (Array.isArray(options) && isRecord(initial)) {
    // the initial option is the one of the (fitted) options with its value
    const wanted = typeof initial.value === 'string' ? truncate(initial.value, L.optionValue, '') : initial.value;
    initial = (options as Json[]).find((option) => option.value === wanted);
  }
  const actionId = typeof element.action_id === 'string' ? truncate(element.action_id, L.blockId, '') : element.action_id;
  if (text === element.text && value === element.value && !dropUrl && options === element.options && initial === element.initial_option && actionId === element.action_id) return element;
  const out: Json = { ...element };
  if (text !== element.text) out.text = text;
  if (value !== element.value) out.value = value;
  if (dropUrl) delete out.url;
  if (options !== element.options) out.options = options;
  if (initial !== element.initial_option) {
    if (initial) out.initial_option = initial;
    else delete out.initial_option;
  }
  if (actionId !== element.action_id) out.action_id = actionId;
  return out;
}

const fitField = (field: unknown) => fitTextObject(field, L.fieldText);
const fitContextElement = (element: unknown) => fitTextObject(element, L.sectionText);

function fitBlock(block: Json): Json {
  const blockId = typeof block.block_id === 'string' ? truncate(block.block_id, L.blockId, '') : block.block_id;
  let { text, fields, accessory, elements } = block;
  switch (block.type) {
    case 'header':
      text = fitTextObject(text, L.headerText);
      break;
    case 'section':
      text = fitTextObject(text, L.sectionText);
      if (Array.isArray(fields)) fields = fitList(fields, L.sectionFields, fitField);
      if (accessory) accessory = fitElement(accessory);
      break;
    case 'context':
      if (Array.isArray(elements)) elements = fitList(elements, L.contextElements, fitContextElement);
      break;
    case 'actions':
      if (Array.isArray(elements)) elements = fitList(elements, L.actionElements, fitElement);
      break;
  }
  if (blockId === block.block_id && text === block.text && fields === block.fields && accessory === block.accessory && elements === block.elements) return block;
  const out: Json = { ...block };
  if (blockId !== block.block_id) out.block_id = blockId;
  if (text !== block.text) out.text = text;
  if (fields !== block.fields) out.fields = fields;
  if (accessory !== block.accessory) out.accessory = accessory;
  if (elements !== block.elements) out.elements = elements;
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
