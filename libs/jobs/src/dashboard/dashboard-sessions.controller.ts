import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDIT_LOG, RequestContext, RequirePermissions, type AuditLog } from '@tessera/module-sdk';
import { DASHBOARD_PATH } from './dashboard-router';
import { DashboardSessions } from './dashboard-sessions';

/** Turns an operator's bearer token into a dashboard login ticket (browsers cannot send bearer headers while navigating). */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('platform/queues/dashboard-sessions')
export class DashboardSessionsController {
  constructor(
    private readonly sessions: DashboardSessions,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermissions('platform.queues.read')
  @ApiOperation({
    summary:
      'Issue a single-use, 60-second ticket. POST it as the form field "ticket" to loginUrl: the answer sets an HttpOnly, SameSite=Strict session cookie for the dashboard path and redirects to the dashboard. Read-only unless the caller holds platform.queues.operate.',
  })
  async create() {
    const principal = RequestContext.current()!.principal!;
    const mode = principal.permissions.has('platform.queues.operate') ? 'operate' : 'read';
    await this.audit.record({ action: 'jobs.dashboard-session-opened', metadata: { mode } });
    const { ticket, expiresAt } = await this.sessions.issueTicket({ id: principal.id, kind: principal.kind }, mode);
    return { ticket, loginUrl: `${DASHBOARD_PATH}/login`, mode, expiresAt: expiresAt.toISOString(), sessionTtlSeconds: this.sessions.ttlSeconds };
  }
}
