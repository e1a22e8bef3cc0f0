import { Inject, Injectable } from '@nestjs/common';
import { RequestContext, type FlagValue } from '@tessera/module-sdk';
import { FLAGS_OPTIONS, type FlagsOptions } from '../flags.options';
import { FlagsRuntime } from '../flags-runtime.service';

/** What the caller's tenant has: its enabled modules and every flag of those modules, evaluated for the caller. */
export interface Capabilities {
  readonly tenantId: string;
  readonly plan: string | null;
  readonly modules: ReadonlyArray<{ readonly name: string; readonly version: string; readonly available: boolean }>;
  readonly flags: Readonly<Record<string, FlagValue>>;
}

@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly runtime: FlagsRuntime,
    @Inject(FLAGS_OPTIONS) private readonly options: FlagsOptions,
  ) {}

  async ofCaller(): Promise<Capabilities> {
    const tenantId = RequestContext.requireTenantId();
    const principal = RequestContext.current()?.principal;
    const state = await this.runtime.tenantState(tenantId);
    return {
      tenantId,
      plan: state.plan,
      modules: this.options.catalog
        .modules()
        .filter((definition) => state.enabled.has(definition.name))
        .map((definition) => ({ name: definition.name, version: definition.version, available: this.options.catalog.isRunning(definition.name) })),
      flags: await this.runtime.evaluateAll(tenantId, principal?.kind === 'user' ? principal.id : undefined),
    };
  }
}
