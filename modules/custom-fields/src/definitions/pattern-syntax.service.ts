import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, RequestContext, UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';

const INVALID_REGULAR_EXPRESSION = '2201B';

/** Patterns are PostgreSQL regular expressions: PostgreSQL says whether one compiles and what it matches. */
@Injectable()
export class PatternSyntax {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
  ) {}

  /** Why `pattern` is not a valid regular expression, or null. */
  async problem(pattern: string): Promise<string | null> {
    try {
      // In a savepoint: a failed statement would otherwise abort the request's transaction.
      await this.work.withTenant(RequestContext.requireTenantId(), () => this.em.execute("SELECT '' ~ ? AS matched", [pattern]));
      return null;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== INVALID_REGULAR_EXPRESSION) throw error;
      const reason = String((error as Error).message).replace(/^.*invalid regular expression:\s*/i, '');
      return `is not a valid regular expression: ${reason}`;
    }
  }

  async matches(value: string, pattern: string): Promise<boolean> {
    const [row] = await this.em.execute<Array<{ matched: boolean }>>('SELECT ? ~ ? AS matched', [value, pattern]);
    return row?.matched === true;
  }
}
