/**
 * Carrying one rendered request: over HTTP, as an email, or to the console log sink
 * (`console:` pseudo-URL). Every carrier answers with an HttpResponse so the notifier type's
 * `outcome` classifies all of them the same way; no answer at all is an HttpTransportError.
 */
import type { OutboundRequest } from '../notifiers/types.js';
import {
  EmailSendError,
  HttpTransportError,
  type EmailMessage,
  type EmailSender,
  type HttpClient,
  type HttpResponse,
} from '../ports.js';

export interface Carriers {
  http: HttpClient;
  email?: EmailSender;
  /** where `console:` requests are printed (the terminal locally, the function log on AWS) */
  consoleSink: (line: string) => void;
}

/** A request the relay itself cannot carry (bad email JSON, no email sender): permanent. */
export class UnsendableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsendableError';
  }
}

export async function carry(request: OutboundRequest, carriers: Carriers): Promise<HttpResponse> {
  if (request.transport === 'email') return sendEmail(request, carriers.email);
  if (request.url.startsWith('console:')) {
    carriers.consoleSink(request.body ?? '');
    return { status: 200, headers: {}, body: '' };
  }
  const { key: _key, dependsOn: _dependsOn, transport: _transport, memo: _memo, ...http } = request;
  return carriers.http.send(http);
}

async function sendEmail(request: OutboundRequest, sender: EmailSender | undefined): Promise<HttpResponse> {
  if (!sender) throw new UnsendableError('no email sender is configured in this runtime');
  let message: EmailMessage;
  try {
    message = JSON.parse(request.body ?? '') as EmailMessage;
  } catch {
    throw new UnsendableError('email request body is not the JSON of an email message');
  }
  if (typeof message?.from !== 'string' || !Array.isArray(message.to) || !message.to.length || typeof message.subject !== 'string') {
    throw new UnsendableError('email message needs from, to[] and subject');
  }
  try {
    const { messageId } = await sender.send(message);
    return { status: 200, headers: {}, body: JSON.stringify({ messageId }) };
  } catch (error) {
    if (error instanceof EmailSendError) return { status: error.status, headers: {}, body: error.message };
    if (error instanceof HttpTransportError) throw error;
    throw new HttpTransportError(`email service unreachable: ${(error as Error).message}`, 'network');
  }
}
