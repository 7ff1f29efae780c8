import { api } from '../support/api';
import {
  describeInChromium,
  openBrowser,
  overflowsHorizontally,
  type BrowserSession,
} from '../support/browser';
import { Receiver } from '../support/receiver';
import { stack } from '../support/stack';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';
import { waitFor } from '../support/wait';

// The developer's loop in real Chromium: live tail, endpoint column, chart range, endpoint health.
describeInChromium(
  'dashboard live tail, endpoint column, range picker and health in Chromium',
  () => {
    let b: BrowserSession;
    let tenant: Tenant;
    const ok = new Receiver(() => ({ status: 200, body: 'ok' }));
    const broken = new Receiver(() => ({ status: 500, body: 'boom' }));
    let okId = '';
    let brokenId = '';

    const publish = async (
      event: string,
      payload: unknown,
    ): Promise<string> => {
      const res = await api('POST', '/v1/events', {
        key: tenant.dev,
        body: { event, payload },
      });
      expect(res.status).toBe(202);
      return res.body.webhook_message_id;
    };
    const logged = (messageId: string, endpointId: string) =>
      waitFor(`delivery of ${messageId} in the log`, async () => {
        const res = await api(
          'GET',
          `/v1/logs/deliveries?message_id=${messageId}&endpoint_id=${endpointId}`,
          { key: tenant.dev },
        );
        return res.body?.data?.[0];
      });

    beforeAll(async () => {
      tenant = await newTenant(`dashboard live ${Date.now()}`);
      await waitForKey(tenant.dev);
      await ok.start();
      await broken.start();
      const a = await api('POST', '/v1/endpoints', {
        key: tenant.dev,
        body: { url: `${ok.url}/ok`, event_types: ['order.paid'] },
      });
      const c = await api('POST', '/v1/endpoints', {
        key: tenant.dev,
        body: { url: `${broken.url}/broken`, event_types: ['order.failed'] },
      });
      expect([a.status, c.status]).toEqual([201, 201]);
      okId = a.body.id;
      brokenId = c.body.id;
      b = await openBrowser(stack().urls.gateway);
      await b.page.goto('/logs');
      await b.page.getByLabel('API key').fill(tenant.dev);
      await b.page.getByRole('button', { name: 'Sign in' }).click();
    });

    afterAll(async () => {
      await b?.close();
      await ok.stop();
      await broken.stop();
    });

    it('shows new deliveries as they happen, and pausing holds them until resumed', async () => {
      const { page } = b;
      const live = page.getByRole('region', { name: 'Live deliveries' });
      await live
        .getByRole('status')
        .getByText('Live', { exact: true })
        .waitFor();

      const first = await publish('order.paid', { n: 1 });
      await live
        .getByRole('button', { name: `Open message ${first}` })
        .waitFor({ timeout: 15_000 });
      expect(
        await live
          .getByRole('row')
          .filter({ hasText: first.slice(0, 8) })
          .textContent(),
      ).toContain(`${ok.url}/ok`);
      await b.screenshot('live-tail');

      await live.getByRole('button', { name: 'Pause' }).click();
      await live.getByRole('status').getByText('Paused').waitFor();
      const whilePaused = await publish('order.paid', { n: 2 });
      await logged(whilePaused, okId);
      expect(
        await live
          .getByRole('button', { name: `Open message ${whilePaused}` })
          .count(),
      ).toBe(0);

      await live.getByRole('button', { name: 'Resume' }).click();
      await live
        .getByRole('button', { name: `Open message ${whilePaused}` })
        .waitFor({ timeout: 15_000 });
    });

    it('names each delivery’s endpoint with a link to it', async () => {
      const { page } = b;
      const failedMessage = await publish('order.failed', { n: 3 });
      await logged(failedMessage, brokenId);
      await page
        .getByRole('button', { name: 'Refresh logs (keeps filters)' })
        .click();
      const table = page.getByRole('table', { name: 'Outgoing deliveries' });
      const row = table
        .getByRole('row')
        .filter({ hasText: failedMessage.slice(0, 8) });
      const link = row.getByRole('link', { name: `${broken.url}/broken` });
      await link.waitFor();
      expect(
        await table.getByRole('columnheader', { name: 'Endpoint' }).count(),
      ).toBe(1);
      await b.screenshot('logs-endpoint-column');
      await link.click();
      await page.waitForURL(/\/webhooks\?endpoint=/);
      expect(new URL(page.url()).searchParams.get('endpoint')).toBe(brokenId);
      await page.getByRole('button', { name: 'Send test event' }).waitFor(); // the endpoint's panel is open
    });

    it('charts the picked range, kept in the URL', async () => {
      const { page } = b;
      await page.goto('/logs');
      const picker = page.getByRole('group', { name: 'Chart range' });
      expect(
        await picker
          .getByRole('button', { name: '24 h' })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      const stats = page.waitForResponse(
        (r) =>
          r.url().includes('/v1/logs/stats') && r.url().includes('bucket=1d'),
      );
      await picker.getByRole('button', { name: '30 d' }).click();
      await page.waitForURL(/range=30d/);
      const body = await (await stats).json();
      expect(body.data).toHaveLength(31); // 30 days of daily buckets, the current one partial
      await page
        .getByText('Deliveries over the last 30 days by outcome')
        .waitFor();
      expect(
        await picker
          .getByRole('button', { name: '30 d' })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      await picker.getByRole('button', { name: '1 h' }).click();
      await page
        .getByText('Deliveries over the last hour by outcome')
        .waitFor();
      await page.reload();
      expect(
        await page
          .getByRole('group', { name: 'Chart range' })
          .getByRole('button', { name: '1 h' })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      await b.screenshot('logs-range-1h');
    });

    it('shows each endpoint’s success rate and last attempt over 24 h, failing ones marked, and sends a test event', async () => {
      const { page } = b;
      await waitFor('health of both endpoints', async () => {
        const res = await api('GET', '/v1/endpoints/health', {
          key: tenant.dev,
        });
        const ids = (res.body?.data ?? []).map(
          (h: { endpoint_id: string }) => h.endpoint_id,
        );
        return ids.includes(okId) && ids.includes(brokenId);
      });
      await page.goto('/webhooks');
      const table = page.getByRole('table', { name: 'Endpoints' });
      await table.getByRole('columnheader', { name: 'Last 24 h' }).waitFor();
      const brokenRow = table
        .getByRole('row')
        .filter({ hasText: `${broken.url}/broken` });
      const okRow = table.getByRole('row').filter({ hasText: `${ok.url}/ok` });
      await brokenRow.getByText('failing').waitFor();
      expect(await brokenRow.textContent()).toMatch(/0% of \d+/);
      expect(await brokenRow.textContent()).toContain('Last: 500');
      expect(await brokenRow.getAttribute('class')).toContain('row-failing');
      await okRow.getByText('healthy').waitFor();
      expect(await okRow.textContent()).toMatch(/100% of \d+/);
      await b.screenshot('webhooks-health');

      const before = ok.requests.length;
      await okRow.getByRole('button', { name: `Test ${ok.url}/ok` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Test event sent' })
        .waitFor();
      await waitFor(
        'the test event at the endpoint',
        () =>
          ok.requests.length > before &&
          JSON.parse(ok.requests.at(-1)!.body).event === 'webhook.test',
      );
      await page.setViewportSize({ width: 800, height: 900 });
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  },
);
