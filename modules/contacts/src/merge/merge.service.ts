import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields, type CustomFieldValues, type TargetCustomFields } from '@tessera/custom-fields';
import { AUDIT_LOG, ConflictError, NotFoundError, RequestContext, TesseraError, ValidationError, type AuditLog } from '@tessera/module-sdk';
import { applyStandardChanges, changedCustomFields } from '../contacts/contact-changes';
import type { Contact } from '../contacts/contact.entity';
import { ContactEvents } from '../contacts/contact-events.service';
import { ContactLookup } from '../contacts/contact-lookup.service';
import { ContactOwners } from '../contacts/contact-owners.service';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView, type ContactView } from '../contacts/contact-view';
import { ContactWrites } from '../contacts/contact-writes.service';
import { assertIfMatch, assertVersion } from '../contacts/etag';
import type { MergeContactInput } from './merge.dto';
import { planMerge } from './merge-plan';

/**
 * Merges a duplicate (the source) into a contact (the target), which keeps its id. Both rows are locked for
 * the whole merge; the target gets the union of emails, phones and tags, empty standard fields and custom
 * values filled from the source (validated through the custom-fields contract); the source goes to the trash
 * with `mergedIntoId`. Audited with both contacts before and after; publishes `contacts.contact-merged`.
 */
@Injectable()
export class MergeService {
  constructor(
    private readonly lookup: ContactLookup,
    private readonly writes: ContactWrites,
    private readonly owners: ContactOwners,
    private readonly events: ContactEvents,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async merge(targetId: string, input: MergeContactInput, ifMatch: string | undefined): Promise<ContactView> {
    if (input.sourceId === targetId) throw new ValidationError([{ field: 'sourceId', message: 'is the contact itself: a contact cannot be merged into itself.' }]);
    // The custom-field lock before the row locks: the order a custom-field type change takes them in.
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const locked = await this.lookup.lockAll([targetId, input.sourceId]);
    const target = this.lookup.visible(targetId, locked.get(targetId));
    const source = this.checkedSource(input.sourceId, locked.get(input.sourceId));
    assertIfMatch(ifMatch, target.version);
    assertVersion(input.sourceVersion, source.version, 'sourceVersion');

    const before = { target: contactView(target, fields), source: contactView(source, fields) };
    const plan = planMerge(target, source, input.prefer ?? {});
    if (plan.overLimits.length > 0) {
      throw new TesseraError(
        'unprocessable',
        'CONTACT_MERGE_LIMIT_EXCEEDED',
        `The merged contact would have ${plan.overLimits.map((l) => `${l.count} ${l.field} (limit ${l.limit})`).join(', ')}: remove some from either contact first.`,
        plan.overLimits,
      );
    }
    // An owner taken from the source must still be a member; otherwise the target keeps its own.
    const ownerId = plan.changes.ownerId !== target.ownerId && plan.changes.ownerId && !(await this.owners.isMember(plan.changes.ownerId)) ? target.ownerId : plan.changes.ownerId;
    const fill = this.customValuesToFill(fields, target.customFields, source.customFields);

    // The source first: it leaves with a pointer to the target, handing over the unique values it gives away
    // (the custom-fields uniqueness check would otherwise find them on the source).
    const moving = fill.filter((key) => fields.fields.find((field) => field.key === key)?.unique);
    if (moving.length > 0) {
      source.customFields = await fields.validateUpdate(source.id, source.customFields, Object.fromEntries(moving.map((key) => [key, null])), { path: 'source.customFields' });
    }
    source.deletedAt = new Date();
    source.deletedBy = RequestContext.current()?.principal?.id ?? null;
    source.mergedIntoId = target.id;
    await this.writes.save(source);
    await this.writes.repointMerged(source.id, target.id);

    const changed = applyStandardChanges(target, { ...plan.changes, ownerId });
    const storedBefore = target.customFields;
    if (fill.length > 0) {
      target.customFields = await fields.validateUpdate(target.id, target.customFields, Object.fromEntries(fill.map((key) => [key, before.source.customFields[key]])));
    }
    changed.push(...changedCustomFields(storedBefore, target.customFields));
    await this.writes.save(target);

    await this.audit.record({
      action: 'contacts.contacts-merged',
      target: { type: 'contact', id: target.id },
      before,
      after: { target: contactView(target, fields), source: contactView(source, fields) },
      metadata: { sourceId: source.id, changed },
    });
    await this.events.merged({ targetId: target.id, sourceId: source.id, targetVersion: target.version });
    return contactView(target, fields);
  }

  private checkedSource(id: string, source: Contact | undefined): Contact {
    if (!source) throw new NotFoundError('CONTACT_NOT_FOUND', `Contact ${id} (sourceId) was not found.`, { field: 'sourceId' });
    if (source.mergedIntoId) {
      throw new ConflictError('CONTACT_MERGED', `Contact ${id} (sourceId) was already merged into contact ${source.mergedIntoId}.`, { field: 'sourceId', mergedIntoId: source.mergedIntoId });
    }
    if (source.deletedAt) throw new ConflictError('CONTACT_DELETED', `Contact ${id} (sourceId) is in the trash: restore it before merging it.`, { field: 'sourceId' });
    return source;
  }

  /**
   * Keys of custom values the source has and the target lacks, among the fields the caller may read (the
   * contract's `fields`: not archived, readable). Values of other fields stay on the source.
   */
  private customValuesToFill(fields: TargetCustomFields, target: CustomFieldValues, source: CustomFieldValues): string[] {
    return fields.fields.map((field) => field.key).filter((key) => source[key] !== undefined && target[key] === undefined);
  }
}
