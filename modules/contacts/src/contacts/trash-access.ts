import { ForbiddenError, hasPermissions, RequestContext } from '@tessera/module-sdk';

/** Reading the trash (lists, `?includeDeleted=true`) takes `contacts.delete`, like restoring from it. */
export function requireTrashAccess(): void {
  const principal = RequestContext.current()?.principal;
  if (!principal || !hasPermissions(principal, ['contacts.delete'])) {
    throw new ForbiddenError('CONTACTS_TRASH_FORBIDDEN', 'Seeing deleted contacts needs the contacts.delete permission.');
  }
}
