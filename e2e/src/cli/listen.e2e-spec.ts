import { CLI_LISTEN_ENDPOINT_ID } from '@fastgen/contracts';
import { verifyFastgen, verifyStandard } from '@fastgen/signing';
import { api } from '../support/api';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { stack } from '../support/stack';
import { newTenant, waitForKey, type Tenant } from '../support/tenants';
import { waitFor } from '../support/wait';
import { CliSession, DroppingProxy, cliBuilt, runCli } from './cli-process';

// The real `fastgen` process (dist/apps/cli/main.js) against the e2e stack.
const suite = cliBuilt() ? describe : describe.skip;
if (!cliBuilt())
  console.warn(
    '*** fastgen CLI e2e tests SKIPPED: dist/apps/cli/main.js is missing (npx nx build cli) ***',
  );

suite('fastgen CLI', () => {
  let tenant: Tenant;
  const receiver = new Receiver();
  const sessions: CliSession[] = [];
  const env = (key: string | undefined, url = stack().urls.gateway) => ({
    FASTGEN_API_KEY: key,
    FASTGEN_API_URL: url,
  });
  const session = (args: string[], e: Record<string, string | undefined>) => {
    const s = new CliSession(args, e);
    sessions.push(s);
    return s;
  };
  const receivedFor = (id: string) =>
    waitFor(`a forward of ${id}`, () =>
      receiver.requests.find((r) => r.headers['webhook-id'] === id),
    );

  beforeAll(async () => {
    tenant = await newTenant('cli e2e');
    await waitForKey(tenant.dev);
    await waitForKey(tenant.prod);
    await receiver.start();
  });

  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.stop()));
    await receiver.stop();
  });

  const trigger = async (
    key: string,
    event: string,
    payload: unknown,
    url?: string,
  ): Promise<string> => {
    const run = await runCli(
      ['--json', 'trigger', event, '--payload', JSON.stringify(payload)],
      env(key, url),
    );
    expect(run).toMatchObject({ code: 0 });
    return (JSON.parse(run.stdout) as { webhook_message_id: string })
      .webhook_message_id;
  };

  it('listen forwards a triggered event to the local server, signed like an endpoint, and logs the forward', async () => {
    const listener = session(
      ['--json', 'listen', '--forward-to', `${receiver.url}/hooks`],
      env(tenant.dev),
    );
    const tail = session(
      ['--json', 'logs', 'tail', '--status', 'succeeded'],
      env(tenant.dev),
    );
    const ready = await listener.json<{ secret: string }>(
      'listen ready',
      (v) => v.type === 'ready',
    );
    expect(ready.secret).toMatch(/^whsec_/);
    await waitFor('logs tail connected', () =>
      tail.errLines.some((l) => l.startsWith('Tailing deliveries')),
    );

    const triggeredAt = Date.now();
    const id = await trigger(tenant.dev, 'order.paid', {
      order: 42,
      note: 'é ✓',
    });
    const req: ReceivedRequest = await receivedFor(id);
    console.log(
      `fastgen listen: forwarded ${req.receivedAt - triggeredAt} ms after the trigger command returned`,
    );

    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks');
    expect(req.body).toBe(
      JSON.stringify({
        event: 'order.paid',
        id,
        payload: { order: 42, note: 'é ✓' },
      }),
    );
    expect(req.headers['content-type']).toBe('application/json');
    expect(
      verifyFastgen(ready.secret, req.body, req.headers['x-fastgen-signature']),
    ).toEqual({ ok: true });
    expect(verifyStandard(ready.secret, req.headers, req.body)).toEqual({
      ok: true,
    });
    expect(
      verifyFastgen(
        ready.secret,
        req.body + ' ',
        req.headers['x-fastgen-signature'],
      ),
    ).toMatchObject({ ok: false });

    // Shown live, then in the delivery log as an attempt of the CLI listen pseudo-endpoint.
    const line = await listener.json(
      'the forward line',
      (v) => v.type === 'forward' && v.message_id === id,
    );
    expect(line).toMatchObject({
      status: 200,
      error: null,
      event: 'order.paid',
    });
    expect(typeof line.duration_ms).toBe('number');
    const delivery = await waitFor(
      'the forward in the delivery log',
      async () => {
        const res = await api(
          'GET',
          `/v1/logs/deliveries?message_id=${id}&endpoint_id=${CLI_LISTEN_ENDPOINT_ID}`,
          { key: tenant.dev },
        );
        return res.body?.data?.[0];
      },
    );
    expect(delivery).toMatchObject({
      status: 'succeeded',
      last_response_status: 200,
      endpoint_id: CLI_LISTEN_ENDPOINT_ID,
    });
    const detail = await api('GET', `/v1/messages/${id}`, { key: tenant.dev });
    const attempt = detail.body.deliveries.find(
      (d: { endpoint_id: string }) => d.endpoint_id === CLI_LISTEN_ENDPOINT_ID,
    ).attempts[0];
    expect(attempt).toMatchObject({
      url: `${receiver.url}/hooks`,
      response_status: 200,
      succeeded: true,
    });
    expect(attempt.request_headers['x-fastgen-signature']).toBe('[redacted]');

    // logs tail saw the same attempt go by.
    await tail.json(
      'the attempt in logs tail',
      (v) =>
        v.message_id === id &&
        v.endpoint_id === CLI_LISTEN_ENDPOINT_ID &&
        v.delivery_status === 'succeeded',
    );

    // verify: the request as the local server received it checks out; a changed body does not.
    const raw = (body: string) =>
      `POST /hooks HTTP/1.1\r\n${Object.entries(req.headers)
        .filter(([k]) => k !== 'content-length')
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n${body}`;
    const good = await runCli(
      ['verify', '--secret', ready.secret],
      {},
      Buffer.from(raw(req.body)),
    );
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toContain('X-Fastgen-Signature: valid');
    const bad = await runCli(
      ['--json', 'verify', '--secret', ready.secret],
      {},
      Buffer.from(raw(req.body.replace('42', '43'))),
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      valid: false,
      checks: [
        { valid: false, reason: 'signature_mismatch' },
        { valid: false, reason: 'signature_mismatch' },
      ],
    });
  });

  it('listen forwards only the chosen event types', async () => {
    const listener = session(
      [
        '--json',
        'listen',
        '--forward-to',
        `${receiver.url}/only`,
        '--events',
        'invoice.sent',
      ],
      env(tenant.dev),
    );
    await listener.json('listen ready', (v) => v.type === 'ready');
    const skipped = await trigger(tenant.dev, 'order.shipped', {});
    const wanted = await trigger(tenant.dev, 'invoice.sent', { n: 1 });
    await listener.json(
      'the chosen event forwarded',
      (v) => v.type === 'forward' && v.message_id === wanted,
    );
    expect(listener.lines.some((l) => l.includes(skipped))).toBe(false);
  });

  it('refuses a production key with a clear message and exit code 3', async () => {
    const run = await runCli(
      ['listen', '--forward-to', `${receiver.url}/hooks`],
      env(tenant.prod),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('development keys only');
    // The gateway refuses too, whatever the client.
    const res = await fetch(`${stack().urls.gateway}/v1/stream?kinds=message`, {
      headers: { authorization: `Bearer ${tenant.prod}` },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('development keys only');
    const report = await api('POST', '/v1/listen/attempts', {
      key: tenant.prod,
      body: {
        message_id: CLI_LISTEN_ENDPOINT_ID,
        event: 'x',
        url: 'http://localhost',
        started_at: new Date().toISOString(),
        duration_ms: 1,
        request_headers: {},
        response_status: 200,
        response_body: '',
        error: null,
      },
    });
    expect(report.status).toBe(403);
  });

  it('resumes a dropped stream without losing the events sent while it was down', async () => {
    const proxy = new DroppingProxy(new URL(stack().urls.gateway));
    const viaProxy = await proxy.start();
    try {
      const listener = session(
        ['--json', 'listen', '--forward-to', `${receiver.url}/resume`],
        env(tenant.dev, viaProxy),
      );
      await listener.json('listen ready', (v) => v.type === 'ready');
      const before = await trigger(tenant.dev, 'order.paid', { n: 'before' });
      await receivedFor(before);

      proxy.drop();
      await waitFor('the CLI to notice the drop', () =>
        listener.errLines.some((l) => l.includes('reconnecting')),
      );
      const during = [
        await trigger(tenant.dev, 'order.paid', { n: 'during-1' }),
        await trigger(tenant.dev, 'order.paid', { n: 'during-2' }),
      ];
      proxy.allow();

      for (const id of during) await receivedFor(id);
      await waitFor(
        'the reconnect notice',
        () => listener.errLines.some((l) => l.startsWith('Reconnected')),
        5_000,
      ).catch((err) => {
        throw new Error(
          `${err.message}\nstderr: ${listener.errLines.join('\n')}`,
        );
      });
      // The CLI forwards what the gateway's stream carries, which reads the topic on its own: a
      // forward may come a moment after the endpoint's own delivery (receivedFor) did.
      const forwardedIds = () =>
        receiver.requests
          .filter((r) => r.path === '/resume')
          .map((r) => r.headers['webhook-id']);
      await waitFor('every event forwarded by the CLI', () =>
        forwardedIds().length >= 1 + during.length ? true : undefined,
      );
      expect(forwardedIds()).toEqual([before, ...during]);
      expect(listener.errLines.some((l) => l.includes('no longer held'))).toBe(
        false,
      );
    } catch (err) {
      const listener = sessions[sessions.length - 1]!;
      throw new Error(
        `${(err as Error).message}\nstdout: ${listener.lines.join('\n')}\nstderr: ${listener.errLines.join('\n')}`,
      );
    } finally {
      await proxy.stop();
    }
  });

  it('the stream names a bad parameter or Last-Event-ID with 400, and replays what it holds after a Last-Event-ID', async () => {
    const open = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${stack().urls.gateway}/v1/stream${query}`, {
        headers: { authorization: `Bearer ${tenant.dev}`, ...headers },
      });
    const badKind = await open('?kinds=nope');
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).error.fields).toEqual([
      { field: 'kinds', message: expect.stringContaining('nope') },
    ]);
    expect((await open('?events=Not%20An%20Event')).status).toBe(400);
    expect((await open('?colour=red')).status).toBe(400);
    const badCursor = await open('', { 'last-event-id': 'not-a-cursor' });
    expect(badCursor.status).toBe(400);
    expect((await badCursor.json()).error.fields[0].field).toBe(
      'last_event_id',
    );

    const readUntil = async (
      res: Response,
      what: string,
      done: (text: string) => boolean,
    ): Promise<string> => {
      const reader = res.body!.getReader();
      let text = '';
      try {
        await waitFor(
          what,
          async () => {
            const { value } = await reader.read();
            text += new TextDecoder().decode(value);
            return done(text);
          },
          10_000,
          0,
        );
      } finally {
        await reader.cancel();
      }
      return text;
    };
    // A message the gateway has streamed live (so it holds it)...
    const live = await open('?kinds=message');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const sent = trigger(tenant.dev, 'order.paid', { n: 'replayed' });
    const liveText = await readUntil(live, 'the message live', (t) =>
      /"id":"[0-9a-f-]{36}","event":"order.paid","payload":\{"n":"replayed"\}/.test(
        t,
      ),
    );
    const id = await sent;
    expect(liveText).toContain(`"id":"${id}"`);
    // ...is sent again to a stream resuming from the position the live stream started at (its
    // `ready` id). A hand-made cursor such as `m0:-1` would also claim every other partition from
    // offset 0, and any record produced before the gateway started reading would rightly be a gap.
    const readyId = /id: (\S+)\nevent: ready/.exec(liveText)?.[1];
    expect(readyId).toBeDefined();
    const resumed = await open(
      `?kinds=message&last_event_id=${encodeURIComponent(readyId!)}`,
    );
    const text = await readUntil(resumed, 'the replayed message', (t) =>
      t.includes(`"id":"${id}"`),
    );
    expect(text.indexOf('event: ready')).toBeLessThan(
      text.indexOf(`"id":"${id}"`),
    );
    expect(text).not.toContain('event: gap');
  });

  it('stops listening with exit code 3 once its key is revoked', async () => {
    const created = await api(
      'POST',
      `/v1/admin/projects/${tenant.projectId}/api-keys`,
      {
        admin: true,
        body: { environment: 'development', name: 'revoked while listening' },
      },
    );
    expect(created.status).toBe(201);
    await waitForKey(created.body.key);
    const listener = session(
      ['--json', 'listen', '--forward-to', `${receiver.url}/revoked`],
      env(created.body.key),
    );
    await listener.json('listen ready', (v) => v.type === 'ready');
    const revoked = await api(
      'DELETE',
      `/v1/admin/projects/${tenant.projectId}/api-keys/${created.body.id}`,
      { admin: true },
    );
    expect(revoked.status).toBe(200);
    expect(await listener.exited).toBe(3);
    expect(listener.errLines.join('\n')).toContain('not valid');
  });

  it('answers scripts with exit codes that mean something', async () => {
    expect(
      (
        await runCli(
          ['trigger', 'order.paid', '--payload', '{nope'],
          env(tenant.dev),
        )
      ).code,
    ).toBe(2);
    expect((await runCli(['trigger', 'order.paid'], env(undefined))).code).toBe(
      3,
    );
    expect(
      (await runCli(['trigger', 'order.paid'], env('fg_dev_unknown'))).code,
    ).toBe(3);
    expect(
      (await runCli(['trigger', 'Not An Event'], env(tenant.dev))).code,
    ).toBe(4);
    expect(
      (
        await runCli(
          ['trigger', 'order.paid'],
          env(tenant.dev, 'http://127.0.0.1:1'),
        )
      ).code,
    ).toBe(5);
    expect(
      (await runCli(['verify', '--secret', 'whsec_AAAA'], {}, 'not a request'))
        .code,
    ).toBe(2);
  });

  it('endpoints ls lists the endpoints of the environment', async () => {
    const created = await api('POST', '/v1/endpoints', {
      key: tenant.dev,
      body: { url: 'https://hooks.example.com/cli-ls' },
    });
    expect(created.status).toBe(201);
    const run = await runCli(['--json', 'endpoints', 'ls'], env(tenant.dev));
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toContainEqual(
      expect.objectContaining({
        id: created.body.id,
        url: 'https://hooks.example.com/cli-ls',
        health_24h: null,
      }),
    );
    const human = await runCli(['endpoints', 'ls'], env(tenant.dev));
    expect(human.stdout).toMatch(/ID\s+URL\s+ENABLED/);
  });
});
