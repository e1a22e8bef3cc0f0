/** A migration run that cannot proceed, with what to do about it. */
export class MigrationError extends Error {
  constructor(
    readonly module: string,
    readonly migration: string | undefined,
    problem: string,
    fix: string,
  ) {
    super(`[${module}${migration ? `/${migration}` : ''}] ${problem}\n  Fix: ${fix}`);
    this.name = 'MigrationError';
  }
}
