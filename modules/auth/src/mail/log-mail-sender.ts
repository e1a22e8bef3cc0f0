import { Inject, Injectable } from '@nestjs/common';
import { MODULE_LOGGER, type ModuleLogger } from '@tessera/module-sdk';
import type { AuthMail, MailSender } from './mail-sender';

type Listener = (mail: AuthMail) => void;

/**
 * The sender until a mail module exists: logs that a mail was sent (template, masked recipient, never
 * the link: it is a credential, and logs are read by more people than the recipient). In-process
 * listeners (tests, a development tool) receive the whole message.
 */
@Injectable()
export class LogMailSender implements MailSender {
  private readonly listeners = new Set<Listener>();

  constructor(@Inject(MODULE_LOGGER) private readonly logger: ModuleLogger) {}

  async send(mail: AuthMail): Promise<void> {
    const [local = '', domain = ''] = mail.to.split('@');
    this.logger.info({ template: mail.template, to: `${local.slice(0, 1)}***@${domain}` }, 'auth mail sent (log sender: no email leaves this process)');
    for (const listener of this.listeners) listener(mail);
  }

  /** Receives every message sent from now on; returns the function that stops it. */
  onSend(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
