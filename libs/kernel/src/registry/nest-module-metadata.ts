import type { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type ImportLike = Type<unknown> | DynamicModule | Promise<DynamicModule> | { forwardRef: () => unknown } | undefined;

/**
 * Every controller class declared by a Nest module and by the modules it statically imports, except the
 * modules in `stopAt` (other Tessera modules own their own controllers).
 */
export function controllersOf(root: Type<unknown>, stopAt: ReadonlySet<unknown>): Type<unknown>[] {
  const found = new Set<Type<unknown>>();
  const visited = new Set<unknown>();
  const visit = (module: ImportLike): void => {
    if (!module || module instanceof Promise || 'forwardRef' in module) return;
    const moduleClass = 'module' in module ? module.module : module;
    if (visited.has(module) || (module !== root && stopAt.has(moduleClass))) return;
    visited.add(module);
    const declared = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []) as Type<unknown>[];
    const dynamic = 'module' in module ? (module.controllers ?? []) : [];
    for (const controller of [...declared, ...dynamic]) found.add(controller);
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []) as ImportLike[]),
      ...('module' in module ? ((module.imports ?? []) as ImportLike[]) : []),
    ];
    for (const child of imports) visit(child);
  };
  visit(root);
  return [...found];
}
