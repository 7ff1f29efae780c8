import { loggedUrl } from './logging';

describe('loggedUrl', () => {
  it('redacts credential-like query values and keeps the rest', () => {
    expect(loggedUrl('/v1/messages?api_key=fg_live_abc&limit=10')).toBe('/v1/messages?api_key=[redacted]&limit=10');
    expect(loggedUrl('/x?limit=1&token=abc#frag')).toBe('/x?limit=1&token=[redacted]#frag');
    expect(loggedUrl('/x?Secret=s3&Password=p')).toBe('/x?Secret=[redacted]&Password=[redacted]');
  });

  it('leaves URLs without secrets as they are', () => {
    expect(loggedUrl('/v1/endpoints?limit=5&iterator=abc')).toBe('/v1/endpoints?limit=5&iterator=abc');
    expect(loggedUrl('/v1/events')).toBe('/v1/events');
  });
});
