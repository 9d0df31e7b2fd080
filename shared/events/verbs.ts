/** Every verb any TheHive version sends, lower-cased → the v5 audit action. */
const verbs: Record<string, string> = {
  creation: 'create',
  create: 'create',
  update: 'update',
  delete: 'delete',
  deletion: 'delete',
  merge: 'merge',
  invoke: 'invoke',
};

/** `Creation` → `create`, `Update` → `update`…; undefined for an unknown verb. */
export function actionName(verb: string): string | undefined {
  return verbs[verb.toLowerCase()];
}
