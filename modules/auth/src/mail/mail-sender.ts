/** An email the auth module sends. Links carry secrets: a sender must never log them. */
export interface AuthMail {
  readonly to: string;
  readonly template: 'invitation' | 'password-reset';
  /** Template values; `link` is secret. */
  readonly values: Readonly<Record<string, string>> & { readonly link: string };
}

/** The port through which the auth module sends email (a mail module will provide a real one). */
export interface MailSender {
  send(mail: AuthMail): Promise<void>;
}

export const AUTH_MAIL_SENDER = Symbol('tessera.auth.mail-sender');
