/** One reason the registry refuses to boot: which module, what is wrong, how to fix it. */
export interface RegistryProblem {
  readonly module: string;
  readonly problem: string;
  readonly fix: string;
}

/** Thrown when module definitions cannot be booted together. Lists every problem found. */
export class ModuleRegistryError extends Error {
  constructor(readonly problems: readonly RegistryProblem[]) {
    super(
      [
        `Tessera cannot boot: ${problems.length} module problem${problems.length === 1 ? '' : 's'}.`,
        ...problems.map((p, i) => `  ${i + 1}. [${p.module}] ${p.problem}\n     Fix: ${p.fix}`),
      ].join('\n'),
    );
    this.name = 'ModuleRegistryError';
  }
}
