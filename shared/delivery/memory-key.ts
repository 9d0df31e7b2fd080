/**
 * Where a notifier remembers a case/alert in the state table (e.g. its Slack message): pk
 * `MEM#<notifier>`, sk the memory key. Its own module so readers of that memory (the Slack
 * interactions check) do not bundle the delivery use case and every notifier type.
 */
export const memoryItemKey = (notifier: string, key: string) => ({ pk: `MEM#${notifier}`, sk: key });
