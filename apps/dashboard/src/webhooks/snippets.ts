// Receiver code shown next to an endpoint. With `secret` undefined a placeholder that reads
// the secret from the environment is used, so nothing secret is shown until asked for.

const PLACEHOLDER = 'process.env.FASTGEN_WEBHOOK_SECRET';

function secretExpr(secret?: string): string {
  return secret ? JSON.stringify(secret) : PLACEHOLDER;
}

export function nodeSnippet(secret?: string): string {
  return `// Node.js (no dependencies): verify X-Fastgen-Signature on the raw body bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const secret = ${secretExpr(secret)};

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const expected = createHmac('sha256', secret).update(raw).digest('hex');
    const given = String(req.headers['x-fastgen-signature'] ?? '');
    const ok = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!ok) return res.writeHead(401).end();
    const { event, id, payload } = JSON.parse(raw.toString('utf8'));
    // id is the same on every retry: use it to drop duplicates.
    res.writeHead(200).end();
  });
}).listen(8080);
`;
}

export function standardSnippet(secret?: string): string {
  return `// Standard Webhooks (npm i standardwebhooks): checks webhook-signature,
// webhook-id and webhook-timestamp (replay protection), and accepts either secret during a rotation.
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(${secretExpr(secret)});

// rawBody: the request body exactly as received (string or Buffer), before any JSON parsing.
export function verify(rawBody, headers) {
  return wh.verify(rawBody, {
    'webhook-id': headers['webhook-id'],
    'webhook-timestamp': headers['webhook-timestamp'],
    'webhook-signature': headers['webhook-signature'],
  }); // throws when the signature or the timestamp is wrong
}
`;
}
