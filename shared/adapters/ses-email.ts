/**
 * EmailSender over Amazon SES v2 (`SendEmail`, Simple content: subject, text and HTML bodies,
 * UTF-8). SES refusals become EmailSendError with an HTTP-like status, so the email notifier's
 * `outcome` treats them like any target's answer: throttling (TooManyRequests, the daily quota or
 * sending rate's ThrottlingException, sending paused) is retried; a rejected message, an
 * unverified identity or a resource limit is permanent. No answer at all is an HttpTransportError
 * (retried).
 */
import type { SESv2Client, SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { EmailSendError, HttpTransportError, type EmailMessage, type EmailSender } from '../ports.js';

/**
 * The SDK is imported here rather than at the top: every notify bundle holds this module (one
 * file, no code splitting), and a top-level import would load the SDK at each cold start, while
 * only an email notifier's Lambda builds a client.
 */
export async function createSesClient(
  options: { endpoint?: string; region?: string; requestTimeoutMs?: number; maxAttempts?: number } = {},
): Promise<SESv2Client> {
  const { SESv2Client } = await import('@aws-sdk/client-sesv2');
  const config: SESv2ClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    // no answer within the delivery's time budget is a transport failure the queue retries
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 10_000, throwOnRequestTimeout: true },
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new SESv2Client(config);
}

/** SES v2 error name → status the notifier classifies (429/5xx retried, 4xx permanent). */
const statusOf: Record<string, number> = {
  TooManyRequestsException: 429,
  // the daily quota or the sending rate, answered with HTTP 400: SES advises waiting and trying again
  // (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html); `Throttling` is the older code
  ThrottlingException: 429,
  Throttling: 429,
  // "too many instances of the specified resource type": waiting does not lift it
  LimitExceededException: 400,
  // sending paused for the account or configuration set: an operator resumes it
  SendingPausedException: 503,
  InternalServiceErrorException: 500,
  MessageRejected: 400,
  MailFromDomainNotVerifiedException: 400,
  BadRequestException: 400,
  NotFoundException: 404,
  AccountSuspendedException: 403,
};

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  /** set by the SDK from the model's retryable trait */
  $retryable?: { throttling?: boolean };
}

function statusOfError(sdk: SdkError): number | undefined {
  if (sdk.$retryable?.throttling) return 429;
  return (sdk.name && statusOf[sdk.name]) || sdk.$metadata?.httpStatusCode;
}

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: { configurationSetName?: string } = {},
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    // already loaded by createSesClient: this takes it from the module cache
    const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    const charset = 'UTF-8';
    const command = new SendEmailCommand({
      FromEmailAddress: message.from,
      Destination: {
        ToAddresses: message.to,
        ...(message.cc?.length ? { CcAddresses: message.cc } : {}),
        ...(message.bcc?.length ? { BccAddresses: message.bcc } : {}),
      },
      ...(message.replyTo?.length ? { ReplyToAddresses: message.replyTo } : {}),
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: charset },
          Body: {
            ...(message.text !== undefined ? { Text: { Data: message.text, Charset: charset } } : {}),
            ...(message.html !== undefined ? { Html: { Data: message.html, Charset: charset } } : {}),
          },
        },
      },
      ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
    });
    try {
      const output = await this.client.send(command);
      return { messageId: output.MessageId ?? '' };
    } catch (error) {
      const sdk = error as SdkError;
      const status = statusOfError(sdk);
      if (status) throw new EmailSendError(`${sdk.name ?? 'SES error'}: ${sdk.message ?? ''}`.trim(), status);
      if (sdk.name === 'TimeoutError') throw new HttpTransportError(`SES did not answer in time: ${sdk.message ?? ''}`.trim(), 'timeout');
      throw new HttpTransportError(`SES unreachable: ${sdk.message ?? String(error)}`, 'network');
    }
  }
}
