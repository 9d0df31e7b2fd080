/** Trigger names a notifier may list: TheHive 5's catalogue plus the ones users ask for that it lacks. */
export const theHiveTriggers = [
  'AnyEvent',
  'FilteredEvent',
  'AlertCreated',
  'AlertAssigned',
  'AlertClosed',
  'AlertImported',
  'CaseCreated',
  'CaseClosed',
  'CaseFlagged',
  'CaseShared',
  'ObservableCreated',
  'AlertObservableCreated',
  'CaseObservableCreated',
  'TaskAssigned',
  'TaskClosed',
  'TaskMandatory',
  'LogInMyTask',
  'JobFinished',
  'ActionFinished',
] as const;

export const extraTriggers = [
  'CaseUpdated',
  'CaseAssigned',
  'CaseReopened',
  'CaseDeleted',
  'AlertUpdated',
  'TaskCreated',
  'TaskUpdated',
  'LogCreated',
  'CommentCreated',
] as const;

export const triggerNames = [...theHiveTriggers, ...extraTriggers] as const;
export type TriggerName = (typeof triggerNames)[number];
