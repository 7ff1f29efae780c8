// The machine's ceiling: a bare Node http server in its own process that drains the body without
// parsing it and answers 202 with a small JSON, as the gateway would.
import http from 'node:http';

const reply = JSON.stringify({ webhook_message_id: '00000000-0000-4000-8000-000000000000' });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end(reply));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
