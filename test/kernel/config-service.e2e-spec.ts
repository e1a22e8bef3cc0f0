import { ConfigService, defineModule, Inject, Injectable, Module, MODULE_CONFIG, z } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';

const greeterConfig = z.object({
  greeting: z.string().min(1).default('hello'),
  repeat: z.coerce.number().int().min(1).max(5).default(1),
});
type GreeterConfig = z.infer<typeof greeterConfig>;

@Injectable()
class Greeter {
  constructor(
    readonly config: ConfigService<GreeterConfig, true>,
    @Inject(MODULE_CONFIG) readonly namespace: GreeterConfig,
  ) {}

  greet(): string {
    return Array.from({ length: this.config.get('repeat', { infer: true }) }, () => this.config.get('greeting', { infer: true })).join(' ');
  }
}

@Module({ providers: [Greeter] })
class GreeterNestModule {}

const greeterModule = defineModule({ name: 'demo-greeter', version: '1.0.0', platform: '^1.0.0', config: greeterConfig, nestModule: GreeterNestModule });

describe('@nestjs/config ConfigService over the validated configuration', () => {
  let t: TestPlatform;
  const METRICS_TOKEN = 'metrics-token-for-the-config-suite';

  beforeAll(async () => {
    process.env.DEMO_GREETER_GREETING = 'from-process-env-not-the-platform-env';
    t = await startTestPlatform({ modules: [greeterModule], env: { DEMO_GREETER_REPEAT: '2', METRICS_TOKEN } });
  });
  afterAll(async () => {
    delete process.env.DEMO_GREETER_GREETING;
    await t.close();
  });

  it("gives a module's providers typed reads of their own validated namespace, the same values as MODULE_CONFIG", () => {
    const greeter = t.platform.app.get(Greeter, { strict: false });
    expect(greeter.greet()).toBe('hello hello');
    expect(greeter.config.get('repeat', { infer: true })).toBe(2);
    expect(greeter.namespace).toEqual({ greeting: 'hello', repeat: 2 });
  });

  it("never shows a module the platform's settings, another namespace, or process.env", () => {
    const config = t.platform.app.get(Greeter, { strict: false }).config as unknown as ConfigService;
    expect(config.get('platform')).toBeUndefined();
    expect(config.get('METRICS_TOKEN')).toBeUndefined();
    expect(config.get('modules')).toBeUndefined();
    expect(config.get('PATH')).toBeUndefined();
  });

  it('serves the kernel its settings through ConfigService (GET /metrics reads METRICS_TOKEN there)', async () => {
    const refused = await t.http().get('/metrics').expect(401);
    expect(refused.body.error.code).toBe('METRICS_TOKEN_REQUIRED');
    await t.http().get('/metrics').set('authorization', 'Bearer wrong-token').expect(401);
    const scraped = await t.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(scraped.text).toContain('# TYPE');
  });

  it('never copies settings into process.env', () => {
    expect(process.env.METRICS_TOKEN).toBeUndefined();
    expect(process.env.DEMO_GREETER_REPEAT).toBeUndefined();
  });
});
