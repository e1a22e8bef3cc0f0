/** A critical module could not boot: the platform stops, naming the module and the cause. */
export class ModuleBootError extends Error {
  constructor(
    readonly module: string,
    cause: string,
  ) {
    super(
      `Tessera cannot boot: the critical module "${module}" failed to start: ${cause}\n` +
        `  Fix: correct the cause above, or mark "${module}" as critical: false if the platform may run without it.`,
    );
    this.name = 'ModuleBootError';
  }
}
