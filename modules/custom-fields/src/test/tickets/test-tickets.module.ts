import { defineModule, Module } from '@tessera/module-sdk';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TICKETS_MIGRATIONS } from './tickets.migrations';
import { TicketsService } from './tickets.service';

@Module({ controllers: [TicketsController], providers: [TicketsService] })
class TestTicketsNestModule {}

/**
 * Test-only target module: tickets with custom fields, built only through the module contract and the
 * custom-fields front door, exactly as contacts, calls or knowledge articles would be.
 */
export const testTicketsModule = defineModule({
  name: 'test-tickets',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { 'custom-fields': '^1.0.0' },
  nestModule: TestTicketsNestModule,
  entities: [Ticket],
  migrations: TICKETS_MIGRATIONS,
  permissions: [
    { key: 'test-tickets.read', description: 'See tickets', defaultRoles: ['owner', 'admin', 'member', 'read-only'] },
    { key: 'test-tickets.write', description: 'Create and change tickets', defaultRoles: ['owner', 'admin', 'member'] },
  ],
  customFieldTargets: [{ name: 'test-ticket', description: 'A test ticket', table: 'test_tickets', column: 'custom_fields' }],
});
