import { api } from '../support/api';
import {
  describeInChromium,
  openBrowser,
  overflowsHorizontally,
  type BrowserSession,
} from '../support/browser';
import { Receiver } from '../support/receiver';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// The dashboard in real Chromium (Debian package, driven by playwright-core) against the real stack.
describeInChromium('dashboard in Chromium', () => {
  let b: BrowserSession;

  beforeAll(async () => {
    b = await openBrowser(stack().urls.gateway);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('opens the sign-in page from a deep link, with labelled controls, at 1280 and 800 px', async () => {
    const { page } = b;
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/logs?tab=incoming&status=500');
      await page
        .getByRole('heading', { name: 'Sign in to Fastgen Webhooks' })
        .waitFor();
      await page.getByLabel('API key').waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await b.screenshot(`sign-in-${width}`);
    }
    // The filtered URL survives the sign-in page.
    expect(new URL(page.url()).search).toBe('?tab=incoming&status=500');
  });

  it('refuses a wrong key with a message at the form and keeps nothing in storage', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/webhooks');
    await page.getByLabel('API key').fill('fg_dev_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBeTruthy();
    expect(
      await page.evaluate(() => sessionStorage.length + localStorage.length),
    ).toBe(0);
    await b.screenshot('sign-in-error');
  });
});

describeInChromium(
  'dashboard journey in Chromium: configure, deliver, inspect, retry, rotate, switch environment',
  () => {
    let b: BrowserSession;
    let receiver: Receiver;
    let devKey = '';
    let prodKey = '';
    const prodUrl = `https://prod-only.example.com/hook-${Date.now()}`;
    const projectName = `dashboard-${Date.now()}`;

    beforeAll(async () => {
      const project = await api('POST', '/v1/admin/projects', {
        admin: true,
        body: { name: projectName },
      });
      const dev = await api(
        'POST',
        `/v1/admin/projects/${project.body.id}/api-keys`,
        { admin: true, body: { environment: 'development' } },
      );
      const prod = await api(
        'POST',
        `/v1/admin/projects/${project.body.id}/api-keys`,
        { admin: true, body: { environment: 'production' } },
      );
      devKey = dev.body.key;
      prodKey = prod.body.key;
      // An endpoint that exists only in production: the development view must never show it.
      const created = await api('POST', '/v1/endpoints', {
        key: prodKey,
        body: { url: prodUrl, description: 'production only' },
      });
      expect(created.status).toBe(201);
      receiver = new Receiver();
      await receiver.start();
      b = await openBrowser(stack().urls.gateway);
    });
    afterAll(async () => {
      await b?.close();
      await receiver?.stop();
    });

    it('walks through the dashboard', async () => {
      const { page } = b;
      await page.goto('/webhooks');
      await page.getByLabel('API key').fill(devKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('No endpoints yet').waitFor();
      expect(await page.getByLabel('Environment').inputValue()).toBe(
        'development',
      );
      // The header names the project the key belongs to (GET /v1/me), not the key.
      expect(await page.getByTestId('project').textContent()).toBe(projectName);
      await b.screenshot('webhooks-empty');

      // Create an endpoint pointing at the local receiver.
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByLabel('Endpoint URL').fill(`${receiver.url}/hook`);
      await page.getByLabel('Description').fill('browser test receiver');
      await page.getByRole('button', { name: 'Create endpoint' }).click();
      await page
        .getByRole('button', { name: `Open ${receiver.url}/hook` })
        .waitFor();
      await b.screenshot('webhooks-created');

      // Reveal and copy the secret.
      await page.getByRole('button', { name: 'Reveal secret' }).click();
      await page.getByRole('button', { name: 'Hide secret' }).waitFor(); // the secret is loaded and shown
      const secret = (await page.getByTestId('secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      await page.getByRole('button', { name: 'Copy secret' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        secret,
      );

      // Send a test event and see it delivered.
      await page.getByRole('button', { name: 'Send test event' }).click();
      await page
        .getByTestId('test-result')
        .getByText('succeeded')
        .waitFor({ timeout: 30_000 });
      const first = await waitFor(
        'the test event at the receiver',
        () => receiver.requests[0],
      );
      expect(JSON.parse(first.body).event).toBe('webhook.test');
      await b.screenshot('webhooks-test-sent');

      // The logs: filter by status, kept in the URL; open the detail; retry.
      await page.getByRole('link', { name: 'Logs', exact: true }).click();
      await page
        .getByLabel('Status', { exact: true })
        .selectOption('succeeded');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/status=succeeded/);
      await page
        .getByRole('button', { name: /^Open message / })
        .first()
        .click();
      await page.getByTestId('delivery').first().waitFor();
      expect(
        await page
          .getByRole('list', { name: 'Attempts' })
          .first()
          .textContent(),
      ).toContain('HTTP 200');
      await b.screenshot('logs-detail');
      await page.reload();
      expect(
        await page.getByLabel('Status', { exact: true }).inputValue(),
      ).toBe('succeeded');
      await page
        .getByRole('button', { name: /^Retry delivery to / })
        .first()
        .click();
      await waitFor(
        'the retried delivery at the receiver',
        () => receiver.requests.length >= 2,
      );

      // Rotate the secret: the old one still signs for a while, and the page says until when.
      await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
      await page
        .getByRole('button', { name: `Open ${receiver.url}/hook` })
        .click();
      await page.getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByRole('button', { name: 'Yes, rotate' }).click();
      await page.getByTestId('previous-secret').waitFor();
      expect(await page.getByTestId('secret').textContent()).not.toBe(secret);
      await b.screenshot('webhooks-rotated');

      // Switch to production: only its endpoint shows.
      await page.getByLabel('Environment').selectOption('production');
      await page.getByLabel('API key').fill(prodKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: `Open ${prodUrl}` }).waitFor();
      expect(await page.getByText(`${receiver.url}/hook`).count()).toBe(0);
      // Same project, now in production.
      expect(await page.getByTestId('project').textContent()).toBe(projectName);
      expect(await page.getByLabel('Environment').inputValue()).toBe(
        'production',
      );
      await page.setViewportSize({ width: 800, height: 900 });
      expect(await overflowsHorizontally(page)).toBe(false);
      await b.screenshot('webhooks-production-800');
    });
  },
);
