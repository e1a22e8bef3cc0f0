/** One configuration problem: which variable, which namespace, what is wrong. */
export interface ConfigProblem {
  readonly variable: string;
  readonly namespace: string;
  readonly message: string;
}

/** Thrown when configuration is invalid; lists every problem at once so one restart fixes them all. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      [
        `Tessera cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}.`,
        ...problems.map((p, i) => `  ${i + 1}. ${p.variable} (${p.namespace}): ${p.message}`),
        'Fix: set these variables in the environment or in .env (see .env.example for every setting and its default).',
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
