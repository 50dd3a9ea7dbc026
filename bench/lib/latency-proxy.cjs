// A registry proxy on loopback for bench/update-vs-auto-update: forwards every
// request to the registry after DELAY_MS, and counts requests and blob GETs.
//   node latency-proxy.cjs LISTEN_PORT UPSTREAM_PORT DELAY_MS
// GET /_bench/counts answers {requests, blobGets, byPath}; POST /_bench/reset zeroes them.
const http = require('node:http');

const [listen, upstream, delay] = process.argv.slice(2).map(Number);
let counts = { requests: 0, blobGets: 0, byPath: {} };

function control(req, res) {
  if (req.url === '/_bench/reset') counts = { requests: 0, blobGets: 0, byPath: {} };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(counts));
}

http
  .createServer((req, res) => {
    if (req.url.startsWith('/_bench/')) return control(req, res);
    counts.requests++;
    const key = `${req.method} ${req.url.replace(/\?.*/, '')}`;
    counts.byPath[key] = (counts.byPath[key] ?? 0) + 1;
    if (req.method === 'GET' && /\/blobs\/sha256:/.test(req.url)) counts.blobGets++;
    setTimeout(() => {
      const up = http.request({ host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${upstream}` } }, (ur) => {
        res.writeHead(ur.statusCode, ur.headers);
        ur.pipe(res);
      });
      up.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(up);
    }, delay);
  })
  .listen(listen, '127.0.0.1');
