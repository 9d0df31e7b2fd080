/** The Lambda entry points (functions/<entry>/handler.ts), relative to the project root. */
export const handlerEntries = {
  ingest: 'functions/ingest/handler.ts',
  notify: 'functions/notify/handler.ts',
  translate: 'functions/translate/handler.ts',
  functionIntake: 'functions/function-intake/handler.ts',
  slackInteractions: 'functions/slack-interactions/handler.ts',
  slackAct: 'functions/slack-act/handler.ts',
} as const;

export type HandlerEntry = keyof typeof handlerEntries;
