import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_LOG,
  ConflictError,
  CUSTOM_FIELD_TARGETS,
  EntityManager,
  MODULE_CONFIG,
  TesseraError,
  ValidationError,
  type AuditLog,
  type CustomFieldTarget,
  type CustomFieldTargetCatalog,
} from '@tessera/module-sdk';
import type { CustomFieldDefinition } from '../contract/custom-field-types';
import type { CustomFieldsConfig } from '../custom-fields.config';
import { StoredValues } from '../type-change/stored-values.service';
import { lockTargetExclusive } from '../values/target-locks';
import { checkDefinition, type DefinitionDraft } from './definition-rules';
import { FieldDefinition } from './field-definition.entity';
import type { CreateFieldDto, UpdateFieldDto } from './field-definition.dto';
import { DefinitionReader } from './definition-reader.service';
import { toView } from './field-view';
import { PatternSyntax } from './pattern-syntax.service';

type OptionInput = NonNullable<UpdateFieldDto['options']>[number];

/** Merges option changes by key: adds new keys, renames and (un)archives existing ones, never deletes. */
function mergeOptions(current: FieldDefinition['options'], changes: readonly OptionInput[]): FieldDefinition['options'] {
  const merged = current.map((option) => {
    const change = changes.find((c) => c.key === option.key);
    return change ? { key: option.key, label: change.label, archived: change.archived ?? option.archived } : option;
  });
  for (const change of changes) {
    if (!current.some((o) => o.key === change.key)) merged.push({ key: change.key, label: change.label, archived: change.archived ?? false });
  }
  return merged;
}

/** Tenant admins' changes to definitions: each one checked, audited, and serialised per target. */
@Injectable()
export class FieldDefinitionsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(CUSTOM_FIELD_TARGETS) private readonly targets: CustomFieldTargetCatalog,
    @Inject(MODULE_CONFIG) private readonly config: CustomFieldsConfig,
    private readonly stored: StoredValues,
    private readonly patterns: PatternSyntax,
    private readonly reader: DefinitionReader,
  ) {}

  async create(input: CreateFieldDto): Promise<CustomFieldDefinition> {
    const target = this.target(input.target);
    await lockTargetExclusive(this.em, target.name);
    const count = await this.em.count(FieldDefinition, { target: target.name });
    if (count >= this.config.maxFieldsPerTarget) {
      throw new TesseraError(
        'unprocessable',
        'CUSTOM_FIELDS_LIMIT_REACHED',
        `A tenant can define at most ${this.config.maxFieldsPerTarget} custom fields per target (archived ones count: they keep their values); ${target.name} has ${count}.`,
        { limit: this.config.maxFieldsPerTarget, current: count },
      );
    }
    if (await this.em.count(FieldDefinition, { target: target.name, key: input.key })) {
      throw new ConflictError('CUSTOM_FIELD_KEY_TAKEN', `The ${target.name} target already has a field with the key "${input.key}" (maybe archived).`, [
        { field: 'key', message: 'is already used by another field of this target.' },
      ]);
    }
    const draft: DefinitionDraft = {
      key: input.key,
      type: input.type,
      required: input.required ?? false,
      unique: input.unique ?? false,
      default: input.default ?? null,
      constraints: input.constraints ?? {},
      options: (input.options ?? []).map((o) => ({ key: o.key, label: o.label, archived: o.archived ?? false })),
      readRoles: input.readRoles ?? null,
      writeRoles: input.writeRoles ?? null,
    };
    const checked = await this.checked(draft);
    const field = this.em.create(FieldDefinition, {
      target: target.name,
      key: draft.key,
      label: input.label,
      helpText: input.helpText ?? '',
      type: draft.type,
      required: draft.required,
      unique: draft.unique,
      defaultValue: checked,
      constraints: draft.constraints,
      options: [...draft.options],
      readRoles: draft.readRoles ? [...draft.readRoles] : null,
      writeRoles: draft.writeRoles ? [...draft.writeRoles] : null,
    });
    await this.em.flush();
    const view = toView(field);
    await this.audit.record({ action: 'custom-fields.field-created', target: { type: 'custom-field', id: field.id }, after: view });
    return view;
  }

  async update(id: string, input: UpdateFieldDto): Promise<CustomFieldDefinition> {
    const field = await this.reader.findManaged(id);
    if (input.key !== undefined && input.key !== field.key) {
      throw new ValidationError([{ field: 'key', message: 'is immutable: stored values are filed under it. Create a new field instead.' }]);
    }
    if (input.target !== undefined && input.target !== field.target) {
      throw new ValidationError([{ field: 'target', message: 'is immutable. Create a field on the other target instead.' }]);
    }
    const target = this.target(field.target);
    await lockTargetExclusive(this.em, target.name);
    await this.em.refresh(field); // the definition as it is once no one else changes it
    const before = toView(field);
    const draft: DefinitionDraft = {
      key: field.key,
      type: input.type ?? field.type,
      required: input.required ?? field.required,
      unique: input.unique ?? field.unique,
      default: input.default === undefined ? field.defaultValue : input.default,
      constraints: input.constraints ?? field.constraints,
      options: input.options ? mergeOptions(field.options, input.options) : field.options,
      readRoles: input.readRoles === undefined ? field.readRoles : input.readRoles,
      writeRoles: input.writeRoles === undefined ? field.writeRoles : input.writeRoles,
    };
    const defaultValue = await this.checked(draft);

    let conversion: { values: number; rewritten: number } | undefined;
    if (draft.type !== field.type) conversion = await this.stored.convert(target, field.type, draft);
    if (draft.unique && !field.unique) {
      const duplicated = await this.stored.duplicates(target, field.key);
      if (duplicated > 0) {
        throw new ConflictError(
          'CUSTOM_FIELD_VALUES_NOT_UNIQUE',
          `${duplicated} value${duplicated > 1 ? 's are' : ' is'} held by more than one ${target.name}; make them unique before making "${field.key}" unique.`,
          { duplicated },
        );
      }
    }

    Object.assign(field, {
      label: input.label ?? field.label,
      helpText: input.helpText ?? field.helpText,
      type: draft.type,
      required: draft.required,
      unique: draft.unique,
      defaultValue,
      constraints: draft.constraints,
      options: [...draft.options],
      readRoles: draft.readRoles ? [...draft.readRoles] : null,
      writeRoles: draft.writeRoles ? [...draft.writeRoles] : null,
    });
    if (input.archived !== undefined && input.archived !== before.archived) field.archivedAt = input.archived ? new Date() : null;
    await this.em.flush();
    const after = toView(field);
    await this.recordChanges(before, after, conversion);
    return after;
  }

  async remove(id: string): Promise<void> {
    const field = await this.reader.findManaged(id);
    const target = this.target(field.target);
    await lockTargetExclusive(this.em, target.name);
    const holders = await this.stored.holders(target, field.key);
    if (holders > 0) {
      throw new ConflictError(
        'CUSTOM_FIELD_HAS_VALUES',
        `${holders} ${target.name} record${holders > 1 ? 's hold' : ' holds'} a value of "${field.key}". Archive the field instead: it hides the values without destroying them.`,
        { holders },
      );
    }
    const before = toView(field);
    await this.em.removeAndFlush(field);
    await this.audit.record({ action: 'custom-fields.field-deleted', target: { type: 'custom-field', id }, before });
  }

  private target(name: string): CustomFieldTarget {
    const target = this.targets.get(name);
    if (!target) {
      const known = this.targets.all().map((t) => t.name);
      throw new ValidationError([{ field: 'target', message: `"${name}" is not a custom-field target (targets: ${known.join(', ') || 'none loaded'}).` }]);
    }
    return target;
  }

  /** Rules, pattern syntax, and the default under the pattern; returns the default's stored form. */
  private async checked(draft: DefinitionDraft) {
    const { problems, default: stored } = checkDefinition(draft, this.config.maxOptionsPerField);
    if (problems.length === 0 && draft.constraints.pattern) {
      const patternProblem = await this.patterns.problem(draft.constraints.pattern);
      if (patternProblem) problems.push({ field: 'constraints.pattern', message: patternProblem });
      else if (typeof stored === 'string' && !(await this.patterns.matches(stored, draft.constraints.pattern))) {
        problems.push({ field: 'default', message: 'does not match the pattern of this field.' });
      }
    }
    if (problems.length > 0) throw new ValidationError(problems, 'The field definition is invalid.');
    return stored;
  }

  private async recordChanges(before: CustomFieldDefinition, after: CustomFieldDefinition, conversion?: { values: number; rewritten: number }) {
    const target = { type: 'custom-field', id: after.id };
    if (before.archived !== after.archived) {
      await this.audit.record({ action: after.archived ? 'custom-fields.field-archived' : 'custom-fields.field-unarchived', target, before, after });
    }
    if (before.type !== after.type) {
      await this.audit.record({ action: 'custom-fields.field-type-changed', target, before, after, metadata: { from: before.type, to: after.type, ...conversion } });
    }
    const rest = (view: CustomFieldDefinition) => JSON.stringify({ ...view, archived: undefined, type: undefined, updatedAt: undefined });
    if (rest(before) !== rest(after)) await this.audit.record({ action: 'custom-fields.field-updated', target, before, after });
  }
}
