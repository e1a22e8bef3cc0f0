import { Injectable, Module } from '@nestjs/common';
import { prepareModules } from '@tessera/kernel';
import {
  CUSTOM_FIELD_TARGETS,
  defineModule,
  PERSONAL_DATA,
  type CustomFieldTargetCatalog,
  type PersonalDataCategory,
  type PersonalDataDirectory,
  type PersonalDataProvider,
  type PersonalDataSubject,
} from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';

const category: PersonalDataCategory = {
  name: 'newsletter-subscribers',
  description: 'Email addresses of newsletter subscribers',
  purpose: 'Send the newsletter',
  lawfulBasis: 'consent',
  retention: 'Until the subscriber unsubscribes',
  fields: ['subscribers.email'],
};

@Injectable()
class SubscribersPersonalData implements PersonalDataProvider {
  readonly erasedFor: PersonalDataSubject[] = [];
  async export(subject: PersonalDataSubject) {
    return subject.email === 'ada@example.com' ? [{ type: 'subscriber', id: 's-1', data: { email: subject.email } }] : [];
  }
  async erase(subject: PersonalDataSubject) {
    this.erasedFor.push(subject);
    return { erased: 1, retained: [] };
  }
}

@Module({ providers: [SubscribersPersonalData], exports: [SubscribersPersonalData] })
class NewsletterNestModule {}

const newsletter = defineModule({
  name: 'newsletter',
  version: '1.0.0',
  platform: '^1.0.0',
  nestModule: NewsletterNestModule,
  personalData: { categories: [category], provider: SubscribersPersonalData },
  customFieldTargets: [{ name: 'subscriber', description: 'A newsletter subscriber', table: 'subscribers', column: 'custom_fields' }],
});

@Module({ providers: [SubscribersPersonalData] })
class BrokenNestModule {}

const brokenHolder = defineModule({
  name: 'broken-holder',
  version: '1.0.0',
  platform: '^1.0.0',
  critical: false,
  nestModule: BrokenNestModule,
  personalData: { categories: [{ ...category, name: 'leads' }], provider: SubscribersPersonalData },
  hooks: { onBoot: () => Promise.reject(new Error('CRM down')) },
});

describe('module contracts: custom-field targets and personal data', () => {
  it('refuses two modules declaring the same custom-field target', () => {
    const other = defineModule({ ...newsletter, name: 'other', nestModule: undefined, personalData: undefined });
    expect(() => prepareModules([newsletter, other], {})).toThrow(/\[other\] declares the custom-field target "subscriber", which "newsletter" declares too/);
  });

  it('refuses a personal data declaration without categories', () => {
    const empty = defineModule({ ...newsletter, personalData: { categories: [], provider: SubscribersPersonalData } });
    expect(() => prepareModules([empty], {})).toThrow(/definition field "personalData.categories" must list at least one category/);
  });

  describe('on a running platform', () => {
    let t: TestPlatform;
    afterEach(() => t.close());

    it('lists targets and runs every holder of personal data', async () => {
      t = await startTestPlatform({ modules: [newsletter] });
      expect(t.platform.app.get<CustomFieldTargetCatalog>(CUSTOM_FIELD_TARGETS).get('subscriber')).toMatchObject({ module: 'newsletter', table: 'subscribers' });
      const directory = t.platform.app.get<PersonalDataDirectory>(PERSONAL_DATA);
      expect(directory.categories()).toEqual([{ module: 'newsletter', categories: [category] }]);
      expect(await directory.export({ email: 'ada@example.com' })).toEqual([
        { module: 'newsletter', records: [{ type: 'subscriber', id: 's-1', data: { email: 'ada@example.com' } }] },
      ]);
      expect(await directory.erase({ email: 'ada@example.com' })).toEqual([{ module: 'newsletter', result: { erased: 1, retained: [] } }]);
    });

    it('refuses an export that would silently miss a module holding personal data', async () => {
      t = await startTestPlatform({ modules: [newsletter, brokenHolder] });
      const directory = t.platform.app.get<PersonalDataDirectory>(PERSONAL_DATA);
      await expect(directory.export({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'PERSONAL_DATA_INCOMPLETE', details: { modules: ['broken-holder'] } });
      await expect(directory.erase({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'PERSONAL_DATA_INCOMPLETE' });
    });
  });
});
