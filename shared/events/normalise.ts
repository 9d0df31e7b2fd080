/**
 * Turn whatever TheHive 3, 4 or 5 posted into one RelayEvent (TheHive 5 audit shape).
 *
 * Envelopes recognised (see docs in shared/events/model.ts):
 *   - v0 family: `operation` (`Creation`/`Update`/`Delete`, or TheHive 4's lower-case
 *     `create`/`update`/`delete`), snake/lower `objectType`, `base`, `startDate`.
 *     TheHive 5 v0 adds `context`, `_type: "audit"` and `organisation` as an object;
 *     TheHive 4.1 adds `organisation` (name string) and `organisationId`.
 *   - TheHive 5 audit: `action`, `mainAction`, PascalCase `objectType`, `_createdAt`, `_createdBy`.
 *
 * Errors: 400 when the body is not a JSON object; 422 when it is one but lacks what every
 * TheHive event has (a known verb, an object type, an object id).
 */
import type { RelayEvent, RelayOrganisation, TheHiveVersion } from './model.js';
import { objectTypeName } from './object-types.js';
import { embeddedParent } from './parent.js';
import { withV5Fields } from './v5-fields.js';
import { actionName } from './verbs.js';
import { isRecord } from '../json.js';

export type NormaliseResult =
  | { ok: true; event: RelayEvent }
  | { ok: false; status: 400 | 422; field: string; message: string };

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** The range of a JavaScript Date: a time outside it cannot be written by any notifier. */
const MAX_EPOCH_MS = 8.64e15;
const isDateMs = (n: number): boolean => Number.isFinite(n) && Math.abs(n) <= MAX_EPOCH_MS;

/** epoch ms from a number, a numeric string or an ISO date string; undefined when no Date holds it */
function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return isDateMs(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return isDateMs(n) ? n : undefined;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

const fail = (status: 400 | 422, field: string, message: string): NormaliseResult => ({ ok: false, status, field, message });

function guessVersion(payload: Json, audit: boolean, verb: string): TheHiveVersion {
  if (audit) return 5;
  if (isRecord(payload.organisation) || 'context' in payload || String(payload._type).toLowerCase() === 'audit') return 5;
  if (typeof payload.organisation === 'string' || 'organisationId' in payload) return 4;
  // TheHive 4 sends the raw lower-case audit verb; TheHive 3 sends Creation/Update/Delete.
  return verb === verb.toLowerCase() ? 4 : 3;
}

function organisationOf(payload: Json): RelayOrganisation | undefined {
  const org = payload.organisation;
  if (isRecord(org)) {
    const out: RelayOrganisation = {};
    const name = str(org.organisation) ?? str(org.name);
    const id = str(org.organisationId) ?? str(org._id) ?? str(org.id);
    if (name !== undefined) out.organisation = name;
    if (id !== undefined) out.organisationId = id;
    return name === undefined && id === undefined ? undefined : out;
  }
  const name = str(org);
  const id = str(payload.organisationId);
  if (name === undefined && id === undefined) return undefined;
  const out: RelayOrganisation = {};
  if (name !== undefined) out.organisation = name;
  if (id !== undefined) out.organisationId = id;
  return out;
}

/**
 * The changed object when TheHive sent its case instead (an alert import, a task or observable
 * share): only what the event says of it. An imported alert keeps the case it now has, which is
 * what tells it is closed.
 */
function standIn(objectId: string, rawType: string, details: Json): Json {
  const object: Json = { _id: objectId, _type: rawType };
  if (typeof details.caseId === 'string' && details.caseId !== '') object.caseId = details.caseId;
  return object;
}

export function normalise(payload: unknown): NormaliseResult {
  if (!isRecord(payload)) return fail(400, 'body', 'expected a JSON object (a TheHive webhook event)');

  const audit = !('operation' in payload) && 'action' in payload;
  const verbField = audit ? 'action' : 'operation';
  const rawVerb = payload[verbField];
  if (rawVerb === undefined) {
    return fail(422, 'operation', 'expected "operation" (TheHive 3/4, TheHive 5 v0) or "action" (TheHive 5 audit)');
  }
  if (typeof rawVerb !== 'string' || rawVerb === '') return fail(422, verbField, 'expected a non-empty string');
  const action = actionName(rawVerb);
  if (!action) return fail(422, verbField, `unknown verb "${rawVerb.slice(0, 40)}"`);

  const rawType = payload.objectType;
  if (rawType === undefined) return fail(422, 'objectType', 'expected the type of the changed object');
  if (typeof rawType !== 'string' || rawType.trim() === '') return fail(422, 'objectType', 'expected a non-empty string');
  const objectType = objectTypeName(rawType.trim());

  const rawObject = isRecord(payload.object) ? payload.object : undefined;
  const objectId = str(payload.objectId) ?? str(rawObject?._id) ?? str(rawObject?.id);
  if (objectId === undefined) return fail(422, 'objectId', 'expected the id of the changed object');

  const version = guessVersion(payload, audit, rawVerb);
  const creating = action === 'create';
  const fields = { objectType, version, creating };

  const details = isRecord(payload.details) ? withV5Fields(payload.details, fields) : {};
  let object = rawObject ? withV5Fields(rawObject, fields) : undefined;
  let context: Json | undefined;
  let rootId = str(payload.rootId);
  if (isRecord(payload.context)) {
    const contextType = typeof payload.context._type === 'string' ? objectTypeName(payload.context._type) : undefined;
    context = withV5Fields(payload.context, { objectType: contextType, version, creating: false });
  } else if (!audit && rawObject) {
    // TheHive 4 names the case (or alert) only inside the object: make it the context and root
    const found = embeddedParent(objectType, rawObject);
    if (found) {
      context = withV5Fields(found.parent, { objectType: found.type, version, creating: false });
      rootId = str(found.parent._id) ?? str(found.parent.id) ?? rootId;
      if (found.objectIsParent) object = standIn(objectId, rawType, details);
    }
  }

  const createdAt =
    (audit ? epochMs(payload._createdAt) : undefined) ??
    epochMs(payload.startDate) ??
    epochMs(payload.createdAt) ??
    epochMs(payload._createdAt) ??
    epochMs(rawObject?._updatedAt ?? rawObject?.updatedAt) ??
    epochMs(rawObject?._createdAt ?? rawObject?.createdAt) ??
    0;

  const actor =
    str(payload._createdBy) ??
    str(payload.createdBy) ??
    (creating ? undefined : str(rawObject?._updatedBy) ?? str(rawObject?.updatedBy)) ??
    str(rawObject?._createdBy) ??
    str(rawObject?.createdBy);

  const mainFlag = audit ? payload.mainAction : payload.base ?? payload.mainAction;

  const event: RelayEvent = {
    version,
    format: audit ? 'audit' : 'v0',
    action,
    mainAction: mainFlag === undefined ? true : mainFlag === true || mainFlag === 'true',
    objectType,
    objectId,
    details,
    _createdAt: createdAt,
    operation: rawVerb,
  };
  const auditId = str(payload._id) ?? (String(payload._type).toLowerCase() === 'audit' ? str(payload.id) : undefined);
  if (auditId !== undefined) event._id = auditId;
  if (objectType !== rawType) event.legacyObjectType = rawType;
  if (object) event.object = object;
  if (context) event.context = context;
  if (rootId !== undefined) event.rootId = rootId;
  const requestId = str(payload.requestId);
  if (requestId !== undefined) event.requestId = requestId;
  const organisation = organisationOf(payload);
  if (organisation) event.organisation = organisation;
  if (actor !== undefined) event._createdBy = actor;
  return { ok: true, event };
}
