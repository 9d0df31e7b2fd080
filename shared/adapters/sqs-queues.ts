/**
 * Creating a worker's queue and its DLQ through the SQS API (the local runtime's job; on AWS
 * the CDK stack owns them). Same names and RedrivePolicy as the stack.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueuePair {
  queueUrl: string;
  dlqUrl: string;
}

/** DLQs keep messages for the SQS maximum, 14 days. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export async function ensureQueuePair(
  client: SQSClient,
  name: string,
  options: { maxReceiveCount: number; visibilitySeconds: number },
): Promise<QueuePair> {
  const dlq = await client.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) } }),
  );
  const dlqUrl = dlq.QueueUrl!;
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilitySeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: options.maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl };
}
