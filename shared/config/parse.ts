/** Validate an already-parsed config object against the schema and the cross-field rules. */
import { relayConfigSchema, type RelayConfig } from './schema.js';
import { ConfigError, formatIssues } from './errors.js';

/** Validate an already-parsed config object. */
export function parseConfig(raw: unknown, source = 'config'): RelayConfig {
  const result = relayConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  const config = result.data as RelayConfig;
  const problems = [
    ...duplicateNames('notifiers', config.notifiers),
    ...duplicateNames('functions', config.functions),
    ...config.notifiers.flatMap((notifier, index) =>
      notifier.triggers.includes('FilteredEvent') && !notifier.filter
        ? [`notifiers[${index}].filter: FilteredEvent needs a filter`]
        : [],
    ),
    // two-way Slack acts through /api/v1, which TheHive 3 does not have
    ...(config.slack && config.thehive?.version === 3 ? ['slack: two-way Slack needs TheHive 4 or 5 (thehive.version is 3, whose API has no /api/v1)'] : []),
    // the controls post to /slack/interactions, which only the slack: section serves
    ...(config.slack
      ? []
      : config.notifiers.flatMap((notifier, index) =>
          notifier.type === 'slack' && notifier.interactive ? [`notifiers[${index}].interactive: needs the slack: section (two-way Slack), which serves the controls`] : [],
        )),
  ];
  if (problems.length) throw new ConfigError(source, problems);
  return config;
}

/** Names address queues, DLQs, Lambdas and routes: each must be unique within its list. */
function duplicateNames(list: string, items: readonly { name: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== undefined) problems.push(`${list}[${index}].name: "${item.name}" is already used by ${list}[${first}]`);
    else seen.set(item.name, index);
  });
  return problems;
}
