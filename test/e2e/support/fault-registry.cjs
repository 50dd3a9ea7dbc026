// A registry in front of the sandbox's real one (localhost:5000) that turns bad
// on demand: the mode is read from a file at each request.
//   pass     forward everything
//   stall    blob downloads send their headers and a few bytes, then nothing
//   garbage  manifests answer 200 with no digest and a body that is not JSON
// Usage: node fault-registry.cjs PORT MODEFILE
'use strict';
const http = require('node:http');
const { readFileSync } = require('node:fs');

const [port, modeFile] = process.argv.slice(2);
const mode = () => {
  try {
    return readFileSync(modeFile, 'utf8').trim();
  } catch {
    return 'pass';
  }
};

http
  .createServer((req, res) => {
    const now = mode();
    if (now === 'garbage' && /\/manifests\//.test(req.url)) {
      res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' });
      res.end(req.method === 'HEAD' ? undefined : '{"schemaVersion": 2, "layers": [ {"digest": ');
      return;
    }
    const up = http.request({ host: '127.0.0.1', port: 5000, method: req.method, path: req.url, headers: { ...req.headers, host: 'localhost:5000' } }, (upRes) => {
      res.writeHead(upRes.statusCode, upRes.headers);
      if (now === 'stall' && req.method === 'GET' && /\/blobs\/sha256:/.test(req.url)) {
        upRes.once('data', (chunk) => res.write(chunk.subarray(0, 16)));
        return; // and nothing more, ever
      }
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
