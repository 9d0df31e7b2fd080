/**
 * Every verb any TheHive version sends, lower-cased → the v5 audit action. A Map, not an
 * object literal: a verb such as `constructor` or `__proto__` must not find Object.prototype.
 */
const verbs = new Map<string, string>([
  ['creation', 'create'],
  ['create', 'create'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['deletion', 'delete'],
  ['merge', 'merge'],
  ['invoke', 'invoke'],
]);

/** `Creation` → `create`, `Update` → `update`…; undefined for an unknown verb. */
export function actionName(verb: string): string | undefined {
  return verbs.get(verb.toLowerCase());
}
