import { ApiKey } from './api-key.entity';
import { ExternalIdentity } from './external-identity.entity';
import { Invitation } from './invitation.entity';
import { Membership } from './membership.entity';
import { PasswordReset } from './password-reset.entity';
import { Role } from './role.entity';
import { PlatformSession, TenantSession } from './session.entity';
import { SigningKey } from './signing-key.entity';
import { User } from './user.entity';

export const AUTH_ENTITIES = [User, Membership, Role, ExternalIdentity, TenantSession, PlatformSession, ApiKey, Invitation, PasswordReset, SigningKey];
