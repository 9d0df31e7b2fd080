/**
 * The action ids carried by the Slack case message's controls, and the callback ids of its
 * dialogs. The notifier (blocks) and the interactions handler both use these names.
 * Each control's `value` carries the TheHive case id as `case:<id>`, the controls' `block_id` as
 * `case:<id>:<iteration>` (new on every redraw, as Slack asks).
 */
export const caseActions = {
  status: 'case_status',
  severity: 'case_severity',
  tlp: 'case_tlp',
  pap: 'case_pap',
  assignToMe: 'case_assign_me',
  addTask: 'case_add_task',
  close: 'case_close',
  openInTheHive: 'case_open',
} as const;

export const caseDialogs = {
  addTask: 'dialog_add_task',
  close: 'dialog_close_case',
} as const;

export type CaseActionId = (typeof caseActions)[keyof typeof caseActions];
