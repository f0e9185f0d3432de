import { createHash } from 'node:crypto';

import { DEMO_EVENT_SLUG } from '../../src/demo/demo-accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('The SiLKS Joint Initiative in the demo (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should publish a summary in English and Chinese, endorsed by SiLKS and the DRC', async () => {
    const list = await t.http.get(`/api/events/${DEMO_EVENT_SLUG}/declarations`).expect(200);
    expect(list.body.items).toHaveLength(1);
    const [initiative] = list.body.items;
    expect(initiative).toMatchObject({
      title: 'SiLKS Joint Initiative (summary)',
      status: 'open',
      endorsements: 2,
    });
    expect(Object.keys(initiative.texts).sort()).toEqual(['en', 'zh']);
    // Clearly a summary, stating the two announced aims.
    expect(initiative.texts.en).toContain('summary');
    expect(initiative.texts.en).toContain('meet the challenges facing international cooperation mechanisms');
    expect(initiative.texts.en).toContain('recovery and sustainable development of the global economy');
    expect(initiative.texts.zh).toContain('概述');
    expect(initiative.texts.zh).toContain('应对国际合作机制面临的挑战');
    expect(initiative.texts.zh).toContain('世界经济复苏与可持续发展');
    const canonical = `{"en":${JSON.stringify(initiative.texts.en)},"zh":${JSON.stringify(initiative.texts.zh)}}`;
    expect(createHash('sha256').update(canonical, 'utf8').digest('hex')).toBe(initiative.digest);

    const endorsements = await t.http
      .get(`/api/events/${DEMO_EVENT_SLUG}/declarations/${initiative.id}/endorsements`)
      .expect(200);
    expect(
      endorsements.body.items.map(
        (item: { organization: { shortName: string } }) => item.organization.shortName,
      ),
    ).toEqual(['DRC', 'SiLKS']);
  });
});
