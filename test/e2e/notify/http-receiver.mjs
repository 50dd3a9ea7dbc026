// Stands in for ntfy, Gotify, chat webhooks and a generic webhook in the
// notification tests: every request is appended to OUT as a JSON line
// {method, path, headers, body} and answered 200 (a path under /fail/ is answered 503).
// Usage: node http-receiver.mjs PORT OUT
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, out] = process.argv.slice(2);
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    appendFileSync(out, `${JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })}\n`);
    const fail = req.url.startsWith('/fail/');
    res.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' });
    res.end(fail ? '{"error":"down for the test"}' : '{"ok":true}');
  });
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
