import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields, type TargetCustomFields } from '@tessera/custom-fields';
import { FEATURE_FLAGS, MODULE_CONFIG, RequestContext, ValidationError, type FeatureFlagClient, type FieldProblem, type TesseraError } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { DUPLICATE_HINTS_FLAG } from '../contacts.flags';
import { DuplicatesService } from '../duplicates/duplicates.service';
import { applyStandardChanges, changedCustomFields, withLabels, type StandardChanges } from './contact-changes';
import { ContactEvents } from './contact-events.service';
import type { CreateContactInput, UpdateContactInput } from './contact.dto';
import { Contact } from './contact.entity';
import { ContactLookup } from './contact-lookup.service';
import { ContactOwners } from './contact-owners.service';
import { identityProblems, normalizePhones } from './contact-rules';
import { CONTACT_TARGET } from './contact-target';
import { contactView, type ContactView } from './contact-view';
import { ContactWrites } from './contact-writes.service';
import { assertIfMatch } from './etag';
import { requireTrashAccess } from './trash-access';

/** Create, read and change one contact. Deletion and restore are the trash's (`ContactTrash`). */
@Injectable()
export class ContactsService {
  constructor(
    private readonly lookup: ContactLookup,
    private readonly writes: ContactWrites,
    private readonly owners: ContactOwners,
    private readonly events: ContactEvents,
    private readonly duplicates: DuplicatesService,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(FEATURE_FLAGS) private readonly flags: FeatureFlagClient,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  /** `fields`: the target's custom fields when the caller already holds them in this unit of work (an import batch). */
  async create(input: CreateContactInput, fields?: TargetCustomFields): Promise<ContactView> {
    fields ??= await this.customFields.forTarget(CONTACT_TARGET);
    const contact = await this.prepareCreate(input, fields);
    await this.writes.insert(contact);
    await this.events.created({ contactId: contact.id, version: contact.version });
    return contactView(contact, fields);
  }

  /**
   * A new contact checked exactly as `create` checks it (standard fields and phones, the owner, the identity
   * rule, custom values through the contract's `validateCreate`), not written: `createPrepared` writes many at
   * once. Throws the refusals `create` would.
   */
  async prepareCreate(input: CreateContactInput, fields: TargetCustomFields): Promise<Contact> {
    const problems: FieldProblem[] = [];
    const changes = this.standardChanges(input, problems);
    const contact = new Contact();
    applyStandardChanges(contact, { ...changes, ownerId: input.ownerId === undefined ? this.owners.defaultOwner() : input.ownerId });
    if (input.ownerId) problems.push(...(await this.owners.problems(input.ownerId)));
    problems.push(...identityProblems(contact));
    if (problems.length > 0) throw new ValidationError(problems);
    contact.customFields = await fields.validateCreate(input.customFields);
    contact.createdBy = RequestContext.current()?.principal?.id ?? null;
    return contact;
  }

  /**
   * Writes contacts from `prepareCreate` with multi-row statements (`ContactWrites.insertMany`) and publishes a
   * `contact-created` event for each one written. Returns the refusals of the write path by contact id (those
   * contacts were not written).
   */
  async createPrepared(contacts: readonly Contact[]): Promise<ReadonlyMap<string, TesseraError>> {
    const refusals = await this.writes.insertMany(contacts);
    for (const contact of contacts) {
      if (!refusals.has(contact.id)) await this.events.created({ contactId: contact.id, version: contact.version });
    }
    return refusals;
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<ContactView> {
    if (options.includeDeleted) requireTrashAccess();
    const contact = await this.lookup.find(id, { includeDeleted: options.includeDeleted });
    const view = contactView(contact, await this.customFields.forTarget(CONTACT_TARGET));
    if (contact.deletedAt || !(await this.flags.getBooleanValue(DUPLICATE_HINTS_FLAG, false))) return view;
    return { ...view, possibleDuplicates: await this.duplicates.count(contact.id) };
  }

  /** A partial change: absent fields are kept, null clears, lists are replaced. A change that changes nothing writes nothing. */
  async update(id: string, input: UpdateContactInput, ifMatch: string | undefined, preloaded?: TargetCustomFields): Promise<ContactView> {
    // The target's custom-field lock before the row lock: the order a type change takes them in.
    const fields = preloaded ?? (await this.customFields.forTarget(CONTACT_TARGET));
    const contact = await this.lookup.find(id, { lock: true });
    assertIfMatch(ifMatch, contact.version);
    const problems: FieldProblem[] = [];
    const changes = this.standardChanges(input, problems);
    const changed = applyStandardChanges(contact, { ...changes, ownerId: input.ownerId });
    if (input.ownerId && changed.includes('ownerId')) problems.push(...(await this.owners.problems(input.ownerId)));
    problems.push(...identityProblems(contact));
    if (problems.length > 0) throw new ValidationError(problems);

    if (input.customFields !== undefined) {
      const before = contact.customFields;
      contact.customFields = await fields.validateUpdate(contact.id, before, input.customFields);
      changed.push(...changedCustomFields(before, contact.customFields));
    }
    if (changed.length > 0) {
      await this.writes.save(contact);
      await this.events.updated({ contactId: contact.id, version: contact.version, changed });
    }
    return contactView(contact, fields);
  }

  /** The standard fields of a create or update, normalised; problems are collected, not thrown. */
  private standardChanges(input: CreateContactInput | UpdateContactInput, problems: FieldProblem[]): Omit<StandardChanges, 'ownerId'> {
    const { firstName, middleName, lastName, prefix, suffix, company, jobTitle } = input;
    let phones: StandardChanges['phones'];
    if (input.phones !== undefined) {
      const normalized = normalizePhones(input.phones ?? [], input.defaultCountry ?? this.config.defaultPhoneCountry);
      problems.push(...normalized.problems);
      phones = normalized.phones;
    }
    return {
      text: { firstName, middleName, lastName, prefix, suffix, company, jobTitle },
      emails: input.emails === undefined ? undefined : withLabels(input.emails ?? []),
      phones,
      tags: input.tags === undefined ? undefined : (input.tags ?? []),
    };
  }
}
