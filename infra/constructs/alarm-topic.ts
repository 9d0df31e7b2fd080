/**
 * The SNS topic every alarm of the stack notifies. Its resource policy replaces SNS's default
 * one, so besides refusing plain-HTTP requests it must let CloudWatch publish: without that
 * statement an alarm goes to ALARM and its notification is silently refused.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

export function createAlarmTopic(scope: Construct, email: string | undefined): Topic {
  const stack = Stack.of(scope);
  const topic = new Topic(scope, 'AlarmTopic', { displayName: 'hive-relay alarms', enforceSSL: true });
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisAccount',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
      },
    }),
  );
  if (email) topic.addSubscription(new EmailSubscription(email));
  return topic;
}
