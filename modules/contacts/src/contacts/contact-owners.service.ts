import { Inject, Injectable } from '@nestjs/common';
import { TENANT_MEMBERS, type TenantMembers } from '@tessera/auth';
import { RequestContext, type FieldProblem } from '@tessera/module-sdk';

/** Owners are members of the tenant, asked through auth's `TENANT_MEMBERS` contract. */
@Injectable()
export class ContactOwners {
  constructor(@Inject(TENANT_MEMBERS) private readonly members: TenantMembers) {}

  /** The owner of a contact created without one: the creating user; nobody for API keys and the platform. */
  defaultOwner(): string | null {
    const principal = RequestContext.current()?.principal;
    return principal?.kind === 'user' ? principal.id : null;
  }

  /** A problem on `field` unless `ownerId` is null or a member of the tenant. */
  async problems(ownerId: string | null, field = 'ownerId'): Promise<FieldProblem[]> {
    if (ownerId === null || (await this.members.isMember(ownerId))) return [];
    return [{ field, message: 'must be the id of an active member of this tenant (or null for no owner).' }];
  }

  async isMember(ownerId: string): Promise<boolean> {
    return this.members.isMember(ownerId);
  }
}
