/**
 * The logging the Slack use cases need: a structural subset of Powertools' Logger, so the
 * handlers pass their Logger and tests pass a recorder. Never give it secrets.
 */
export interface SlackLog {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export const silentLog: SlackLog = { info() {}, warn() {}, error() {} };
