import { Writable } from 'node:stream';
import {
  generateSecret,
  webhookBody,
  webhookRequestHeaders,
} from '@fastgen/signing';
import { ExitCode } from '../exit-codes';
import { Output } from '../output';
import { parseRawRequest, verify } from './verify';

const sink = () => {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write: (c, _e, cb) => (chunks.push(String(c)), cb()),
    }),
    text: () => chunks.join(''),
  };
};

describe('fastgen verify', () => {
  const secret = generateSecret();
  const body = webhookBody({
    event: 'order.paid',
    id: 'msg_1',
    payload: { n: 1 },
  });
  const headers = webhookRequestHeaders({
    secrets: [secret],
    id: 'msg_1',
    at: new Date(),
    body,
  });
  const request = (b: string, extra = '') =>
    Buffer.from(
      `POST /hooks HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}${extra}\r\n\r\n${b}`,
    );

  it('takes the body byte for byte, and exactly Content-Length bytes when given', () => {
    expect(parseRawRequest(request(body)).body.toString()).toBe(body);
    expect(
      parseRawRequest(
        request(`${body}\n`, `\r\ncontent-length: ${Buffer.byteLength(body)}`),
      ).body.toString(),
    ).toBe(body);
    expect(parseRawRequest(Buffer.from('x-a: 1\n\n{}')).requestLine).toBeNull();
  });

  it('exits 0 when every signature verifies and 1 when the body was changed', () => {
    const out = sink();
    expect(
      verify(new Output(false, out.stream), request(body), { secret }),
    ).toBe(ExitCode.OK);
    expect(out.text()).toContain(
      'X-Fastgen-Signature: valid\nStandard Webhooks: valid',
    );
    expect(
      verify(new Output(true, sink().stream), request(body.replace('1', '2')), {
        secret,
      }),
    ).toBe(ExitCode.FAILED);
  });

  it('refuses input that is not an HTTP request with a usage error', () => {
    expect(() => parseRawRequest(Buffer.from('just text'))).toThrow(
      expect.objectContaining({ exitCode: ExitCode.USAGE }),
    );
  });
});
