import type { PersonalDataCategory } from '@tessera/module-sdk';

/** What the auth module holds about people, for the record of processing (GDPR Art. 30). */
export const AUTH_PERSONAL_DATA: readonly PersonalDataCategory[] = [
  {
    name: 'account',
    description: "A person's login identity: email address and display name.",
    purpose: 'Authenticate people and let them sign in to the tenants they belong to.',
    lawfulBasis: 'contract',
    retention: 'While the account exists; the account is global and is removed when it belongs to no tenant.',
    fields: ['auth_users.email', 'auth_users.display_name'],
  },
  {
    name: 'memberships',
    description: "Which tenants a person belongs to and the role they hold in each.",
    purpose: 'Decide what a person may do in a tenant.',
    lawfulBasis: 'contract',
    retention: 'Until the person is removed from the tenant.',
    fields: ['auth_memberships.user_id', 'auth_memberships.role'],
  },
  {
    name: 'sessions',
    description: 'Login sessions: client IP address and user agent, start, expiry and revocation.',
    purpose: 'Keep sessions secure: detect token reuse, let people and admins end sessions.',
    lawfulBasis: 'legitimate-interests',
    retention: 'Until the session ends (at most the absolute session lifetime, 30 days by default), or erasure.',
    fields: ['auth_sessions.ip', 'auth_sessions.user_agent'],
  },
  {
    name: 'invitations',
    description: 'Email addresses invited to join a tenant.',
    purpose: 'Let a tenant admin invite a person.',
    lawfulBasis: 'legitimate-interests',
    retention: 'Until the invitation is accepted, revoked or erased.',
    fields: ['auth_invitations.email'],
  },
];
