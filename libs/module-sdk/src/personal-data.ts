import type { Type } from '@nestjs/common';

/**
 * Who a data subject request is about. At least one identifier is given; a provider matches every one it
 * can (an email, a phone number in E.164, a platform user id).
 *
 * @example
 * ```ts
 * const subject: PersonalDataSubject = { email: 'ada@example.com', phone: '+442071838750' };
 * ```
 */
export interface PersonalDataSubject {
  readonly email?: string;
  readonly phone?: string;
  readonly userId?: string;
}

/**
 * One category of personal data a module holds, for the record of processing (GDPR Art. 30).
 *
 * @example
 * ```ts
 * { name: 'contact-details', description: 'Names, emails, phone numbers and company of contacts',
 *   purpose: 'Manage the tenant's customer relationships', lawfulBasis: 'legitimate-interests',
 *   retention: 'Until the tenant deletes the contact; soft-deleted contacts are purged after 30 days',
 *   fields: ['contacts.first_name', 'contacts.emails', 'contacts.phones'] }
 * ```
 */
export interface PersonalDataCategory {
  readonly name: string;
  readonly description: string;
  readonly purpose: string;
  readonly lawfulBasis: 'consent' | 'contract' | 'legal-obligation' | 'vital-interests' | 'public-task' | 'legitimate-interests';
  readonly retention: string;
  /** Where it is stored, as `table.column`. */
  readonly fields: readonly string[];
}

/**
 * One record of personal data in an export (GDPR Art. 15 access, Art. 20 portability): machine-readable,
 * complete, and in the subject's terms rather than internal ones.
 *
 * @example
 * ```ts
 * { type: 'contact', id: contact.id, data: { firstName: 'Ada', emails: ['ada@example.com'] } }
 * ```
 */
export interface PersonalDataRecord {
  readonly type: string;
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * What an erasure did (GDPR Art. 17): how many records were erased, and what was kept with the legal
 * reason for keeping it (never silently).
 *
 * @example
 * ```ts
 * return { erased: 2, retained: [{ type: 'invoice', id: invoice.id, reason: 'legal obligation: tax records are kept 10 years' }] };
 * ```
 */
export interface ErasureResult {
  readonly erased: number;
  readonly retained: ReadonlyArray<{ readonly type: string; readonly id: string; readonly reason: string }>;
}

/**
 * A module's export and erasure of one data subject's personal data. Both run inside the tenant scope of
 * the request (the platform runs them for each tenant concerned) and must cover every category the module
 * declares: a compliance export or erasure runs every loaded module's provider and skips none.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class ContactsPersonalData implements PersonalDataProvider {
 *   async export(subject: PersonalDataSubject) { return (await this.contacts.matching(subject)).map(toRecord); }
 *   async erase(subject: PersonalDataSubject) { return { erased: await this.contacts.anonymise(subject), retained: [] }; }
 * }
 * ```
 */
export interface PersonalDataProvider {
  export(subject: PersonalDataSubject): Promise<readonly PersonalDataRecord[]>;
  erase(subject: PersonalDataSubject): Promise<ErasureResult>;
}

/**
 * What a module declares about personal data: its categories, and the provider (a provider of its Nest
 * module) that exports and erases them.
 *
 * @example
 * ```ts
 * personalData: { categories: [contactDetails], provider: ContactsPersonalData }
 * ```
 */
export interface PersonalDataDeclaration {
  readonly categories: readonly PersonalDataCategory[];
  readonly provider: Type<PersonalDataProvider>;
}

/**
 * Every module's personal data, in one place, for the compliance module: the record of processing, and
 * export and erasure of one subject across all modules of a tenant (run inside that tenant's scope).
 *
 * @example
 * ```ts
 * constructor(@Inject(PERSONAL_DATA) private readonly personalData: PersonalDataDirectory) {}
 * const everything = await this.personalData.export({ email: 'ada@example.com' });
 * ```
 */
export interface PersonalDataDirectory {
  /** The record of processing: every module's declared categories. */
  categories(): ReadonlyArray<{ readonly module: string; readonly categories: readonly PersonalDataCategory[] }>;
  /** Every module's records about the subject, by module. */
  export(subject: PersonalDataSubject): Promise<ReadonlyArray<{ readonly module: string; readonly records: readonly PersonalDataRecord[] }>>;
  /** Erases the subject in every module, by module. */
  erase(subject: PersonalDataSubject): Promise<ReadonlyArray<{ readonly module: string; readonly result: ErasureResult }>>;
}

/**
 * Injection token of the {@link PersonalDataDirectory}.
 *
 * @example
 * ```ts
 * constructor(@Inject(PERSONAL_DATA) private readonly personalData: PersonalDataDirectory) {}
 * ```
 */
export const PERSONAL_DATA = Symbol.for('tessera.personal-data');
