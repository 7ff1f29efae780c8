// The benchmark's webhook receiver, run in its own process: verifies every X-Fastgen-Signature
// (lowercase hex HMAC-SHA256 of the raw body keyed with the endpoint secret, as libs/signing
// signs it) and records when each delivery arrived. Endpoint i is POST /e/<i>.
// Driven over IPC: {type:'secrets', secrets:[...]}, {type:'expect', ids:[...]}, {type:'stats'}, {type:'receipts'}.
// The load generator stops with requests in flight: the gateway accepts those, and they are
// delivered, but their 202 is never read. Counting per message id keeps them apart.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const failRate = Number(process.env.BENCH_RECEIVER_FAIL_RATE ?? 0);
let secrets = [];
const counts = { requests: 0, valid: 0, invalid: 0, failedOnPurpose: 0, duplicates: 0, hung: 0 };
// First successful valid receipt per delivery: key "<message id> <endpoint>" → ms since epoch.
const firstOk = new Map();
// The message ids of the measured load ('expect'), and how many of their deliveries arrived: the
// drain waits for exactly these (retries of warm-up messages arriving late must not stand in).
let expected = new Set();
let expectedDelivered = 0;
// Valid requests per message id (failed-on-purpose ones too: each is an attempt the log records).
const requestsById = new Map();
let expectedRequests = 0;
const idOf = (key) => key.slice(0, key.indexOf(' '));

function verify(secret, header, body) {
  if (typeof header !== 'string' || header.length !== 64) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const got = Buffer.from(header, 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    // A dead endpoint of the noisy scenario: it never answers, so every attempt runs into the
    // dispatcher's timeout (the dispatcher closes the socket).
    if (req.url?.startsWith('/hang')) {
      counts.hung++;
      return;
    }
    counts.requests++;
    const m = /^\/e\/(\d+)$/.exec(req.url ?? '');
    const secret = m ? secrets[Number(m[1])] : undefined;
    const body = Buffer.concat(chunks);
    if (!secret || !verify(secret, req.headers['x-fastgen-signature'], body)) {
      counts.invalid++;
      res.writeHead(401).end();
      return;
    }
    counts.valid++;
    const id = req.headers['webhook-id'];
    requestsById.set(id, (requestsById.get(id) ?? 0) + 1);
    if (expected.has(id)) expectedRequests++;
    // The flaky scenario: a share of requests fails like a broken endpoint would.
    if (failRate > 0 && Math.random() < failRate) {
      counts.failedOnPurpose++;
      res.writeHead(500).end();
      return;
    }
    const key = `${id} ${m[1]}`;
    if (firstOk.has(key)) counts.duplicates++;
    else {
      firstOk.set(key, at);
      if (expected.has(id)) expectedDelivered++;
    }
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
// Hung requests must outlive the dispatcher's delivery timeout rather than be cut by Node's.
server.requestTimeout = 0;

process.on('message', (msg) => {
  if (msg.type === 'secrets') {
    secrets = msg.secrets;
    process.send({ type: 'secrets-ok' });
  } else if (msg.type === 'expect') {
    expected = new Set(msg.ids);
    expectedDelivered = 0;
    for (const key of firstOk.keys()) if (expected.has(idOf(key))) expectedDelivered++;
    expectedRequests = 0;
    for (const id of expected) expectedRequests += requestsById.get(id) ?? 0;
    process.send({ type: 'expect-ok' });
  } else if (msg.type === 'stats') {
    process.send({ type: 'stats', counts: { ...counts, delivered: firstOk.size, expectedDelivered, expectedRequests } });
  } else if (msg.type === 'receipts') {
    // Flat arrays keep the IPC message small: keys and times side by side.
    process.send({ type: 'receipts', keys: [...firstOk.keys()], times: [...firstOk.values()] });
  }
});

server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
