/** Lambda entry: SQS (one notifier's queue) → delivery, with partial batch responses. */
import { awsBaseDeps, requireEnv } from '../../shared/adapters/aws-runtime.js';
import { runtimeEnv } from '../../shared/runtime-env.js';
import { PowertoolsOnceStore } from '../../shared/adapters/idempotency.js';
import { createSesClient, SesEmailSender } from '../../shared/adapters/ses-email.js';
import { createNotifyHandler } from './create.js';
import { logOf } from '../../shared/adapters/lambda.js';

const deps = awsBaseDeps('hive-relay-notify');
const once = new PowertoolsOnceStore({ client: deps.dynamo, tableName: deps.tableName, log: logOf(deps) });
const notifier = requireEnv(runtimeEnv.notifierName);
deps.logger.appendKeys({ notifier });
// only an email notifier sends email: the others never load the SES SDK (see createSesClient)
const sendsEmail = deps.config.notifiers.find((candidate) => candidate.name === notifier)?.type === 'email';

export const handler = createNotifyHandler({
  ...deps,
  once,
  onContext: (context) => once.registerContext(context),
  queueUrl: requireEnv(runtimeEnv.queueUrl),
  dlqUrl: requireEnv(runtimeEnv.dlqUrl),
  email: sendsEmail ? new SesEmailSender(await createSesClient()) : undefined,
  // the console notifier prints to the function's log
  consoleSink: (line) => console.log(line),
});
