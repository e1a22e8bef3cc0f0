import { join } from 'node:path';
import { prepareModules } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, testToken } from '../support/demo-modules';

// A host directory whose node_modules holds third-party packages, as after `npm install @acme/...`.
const host = join(__dirname, '..', 'fixtures', 'third-party-host');

describe('third-party modules named in MODULES', () => {
  it('refuses a package that is not installed, saying how to fix it', () => {
    expect(() => prepareModules([], { MODULES: '@acme/never-installed' }, host)).toThrow(
      /\[@acme\/never-installed\] the package "@acme\/never-installed" listed in MODULES is not installed\.\n\s+Fix: run "npm install @acme\/never-installed", or remove it from MODULES\./,
    );
  });

  it('refuses a package that exports no module definition', () => {
    expect(() => prepareModules([], { MODULES: '@acme/not-a-module' }, host)).toThrow(/exports no module definition[\s\S]*export the result of defineModule/);
  });

  it('validates the module configuration namespace of a third-party module', () => {
    expect(() => prepareModules([], { MODULES: '@acme/tessera-tickets', ACME_TICKETS_SLA_HOURS: 'soon' }, host)).toThrow(
      /ACME_TICKETS_SLA_HOURS \(acme-tickets\)/,
    );
  });

  describe('when installed', () => {
    let t: TestPlatform;
    beforeAll(async () => {
      t = await startTestPlatform({ modules: [demoAuthModule], env: { MODULES: '@acme/tessera-tickets' }, cwd: host });
    });
    afterAll(() => t.close());

    it('loads it by package name with no core change, and serves its routes', async () => {
      expect(t.platform.registry.get('acme-tickets')).toMatchObject({ state: 'running', source: '@acme/tessera-tickets' });
      const token = testToken({ id: 'u', tenantId: '0190a1d2-0000-7000-8000-000000000001', permissions: ['acme-tickets.read'] });
      const response = await t.http().get('/api/v1/acme-tickets').set('authorization', `Bearer ${token}`).expect(200);
      expect(response.body.data[0].title).toBe('Printer on fire');
    });
  });
});
