import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { EndpointForm, validateEndpoint } from './endpoint-form';

afterEach(cleanup);

describe('endpoint form', () => {
  it('checks the URL, the rate limit and the header names before sending', () => {
    expect(validateEndpoint('', '', [])).toHaveProperty('url');
    expect(validateEndpoint('ftp://x.example', '', [])).toHaveProperty(
      'url',
      'The URL must start with http:// or https://.',
    );
    expect(validateEndpoint('https://x.example', '1.5', [])).toHaveProperty(
      'rate_limit',
    );
    expect(
      validateEndpoint('https://x.example', '', [
        { name: 'Bad Header', value: 'v' },
      ]),
    ).toHaveProperty('headers');
    expect(
      validateEndpoint('https://x.example', '', [
        { name: 'X-A', value: '1' },
        { name: 'x-a', value: '2' },
      ]),
    ).toHaveProperty('headers');
    expect(
      validateEndpoint('https://x.example/hook', '10', [
        { name: 'X-Tenant', value: 'a' },
      ]),
    ).toEqual({});
  });

  it('shows a local error at the field and does not send', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(
      <EndpointForm
        eventTypes={[]}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
    );
    fireEvent.change(screen.getByLabelText('Endpoint URL'), {
      target: { value: 'not a url' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create endpoint' }));
    const input = screen.getByLabelText('Endpoint URL');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(input.getAttribute('aria-describedby') ?? '')
        ?.textContent,
    ).toContain('absolute URL');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's field errors next to the fields they name", async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, 'validation_failed', 'Invalid endpoint', [
        { field: 'url', message: 'resolves to a private address' },
        { field: 'body.rate_limit', message: 'must be <= 1000' },
      ]);
    });
    render(
      <EndpointForm
        eventTypes={[{ name: 'cv-score-finished', description: '', schema: null, created_at: '2026-01-05T10:00:00Z', updated_at: '2026-01-05T10:00:00Z' }]}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
    );
    fireEvent.change(screen.getByLabelText('Endpoint URL'), {
      target: { value: 'http://10.0.0.1/hook' },
    });
    fireEvent.change(
      screen.getByLabelText('Rate limit (deliveries per second)'),
      { target: { value: '5000' } },
    );
    fireEvent.click(screen.getByLabelText('cv-score-finished'));
    fireEvent.click(screen.getByRole('button', { name: 'Create endpoint' }));

    expect(
      await screen.findByText('resolves to a private address'),
    ).toBeTruthy();
    expect(screen.getByText('must be <= 1000')).toBeTruthy();
    expect(
      screen
        .getByLabelText('Rate limit (deliveries per second)')
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'http://10.0.0.1/hook',
      description: '',
      event_types: ['cv-score-finished'],
      headers: {},
      rate_limit: 5000,
    });
  });

  it('edits custom headers with labelled inputs', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(
      <EndpointForm
        eventTypes={[]}
        onSubmit={onSubmit}
        onCancel={() => undefined}
      />,
    );
    fireEvent.change(screen.getByLabelText('Endpoint URL'), {
      target: { value: 'https://x.example/hook' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    fireEvent.change(screen.getByLabelText('Header 1 name'), {
      target: { value: 'X-Tenant' },
    });
    fireEvent.change(screen.getByLabelText('Header 1 value'), {
      target: { value: 'acme' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create endpoint' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]).toEqual([
      expect.objectContaining({ headers: { 'X-Tenant': 'acme' } }),
    ]);
  });
});
