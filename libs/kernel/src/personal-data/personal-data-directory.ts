import {
  TesseraError,
  type ErasureResult,
  type PersonalDataCategory,
  type PersonalDataDirectory,
  type PersonalDataProvider,
  type PersonalDataRecord,
  type PersonalDataSubject,
} from '@tessera/module-sdk';
import type { ModuleContexts } from '../registry/module-contexts';
import type { ModuleRegistry, ModuleRuntime } from '../registry/module-registry';

/**
 * Runs every module's personal data provider, in boot order, inside the caller's tenant scope. A module
 * that declares personal data but is not running makes the whole request fail: an export or erasure that
 * silently skips a module would be wrong in a way nobody notices.
 */
export class ModulePersonalDataDirectory implements PersonalDataDirectory {
  constructor(
    private readonly registry: ModuleRegistry,
    private readonly contexts: ModuleContexts,
  ) {}

  categories(): ReadonlyArray<{ module: string; categories: readonly PersonalDataCategory[] }> {
    return this.holders().map((runtime) => ({ module: runtime.definition.name, categories: runtime.definition.personalData!.categories }));
  }

  async export(subject: PersonalDataSubject): Promise<ReadonlyArray<{ module: string; records: readonly PersonalDataRecord[] }>> {
    const results = [];
    for (const [module, provider] of this.providers()) results.push({ module, records: await provider.export(subject) });
    return results;
  }

  async erase(subject: PersonalDataSubject): Promise<ReadonlyArray<{ module: string; result: ErasureResult }>> {
    const results = [];
    for (const [module, provider] of this.providers()) results.push({ module, result: await provider.erase(subject) });
    return results;
  }

  private holders(): ModuleRuntime[] {
    return this.registry.all().filter((runtime) => runtime.definition.personalData);
  }

  private providers(): Array<[string, PersonalDataProvider]> {
    const holders = this.holders();
    const unavailable = holders.filter((runtime) => runtime.state !== 'running').map((runtime) => runtime.definition.name);
    if (unavailable.length > 0) {
      throw new TesseraError(
        'unavailable',
        'PERSONAL_DATA_INCOMPLETE',
        `Refused: the module(s) ${unavailable.join(', ')} hold personal data but are not running, so the result would be incomplete.`,
        { modules: unavailable },
      );
    }
    return holders.map((runtime) => [runtime.definition.name, this.contexts.of(runtime).get(runtime.definition.personalData!.provider)]);
  }
}
