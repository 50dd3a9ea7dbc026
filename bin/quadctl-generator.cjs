#!/usr/bin/env node
'use strict';
// Compiling the bundle is a large share of a short run, so it is loaded with a V8 code
// cache written beside it for the Node that runs it (bin/quadctl-generator-cache: the
// build, and the Debian package whenever Debian's node changes). The cache is only
// offered to V8 when its header names this exact bundle (the content hash on the
// bundle's first line), this Node and this CPU; V8 itself refuses one made by another V8
// or with other flags, or cut short. Any mismatch or read error means an ordinary
// compile, never a failed boot.
//
// V8 does not checksum a code cache unless asked (with `--verify-snapshot-checksum`, set
// through node:v8, whose loading costs more than a one-unit run's own work), and a
// damaged one aborts the process in its deserializer. So the file holds the cache twice
// and it is used only when both copies are byte for byte the same: damage from a disk or
// a crash that hits both copies the same way is not a practical risk.
//
// The file is named .cjs because Node reads the package.json above an extensionless
// script to learn its module type, which cost every run ~0.3 ms (~1.2 million instructions).
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'quadctl-generator.cjs');
const cacheFile = `${file}.${process.version}.cache`;
// 'write' (bin/quadctl-generator-cache) or 'report' (says on stderr whether the cache was used).
const cacheMode = process.env.QUADCTL_GENERATOR_CODE_CACHE;
// Read as UTF-8, which Node reads in one native call (other encodings go through its
// JS read loop); the build emits ASCII only, so the text is the same either way.
const source = readFileSync(file, 'utf8');
const stamp = `${source.slice(0, source.indexOf('\n'))} ${process.version} ${process.arch}\n`;
let cachedData;
let cacheState = 'absent';
try {
  const bytes = readFileSync(cacheFile);
  const start = stamp.length;
  const size = (bytes.length - start) / 2;
  if (bytes.toString('latin1', 0, start) !== stamp) cacheState = 'made for another bundle';
  else if (!(size > 0 && Number.isInteger(size) && bytes.compare(bytes, start, start + size, start + size) === 0)) cacheState = 'damaged';
  else cachedData = bytes.subarray(start, start + size);
} catch {
  // no cache for this Node: compile as usual
}
// The bundle's first line is a comment, so the wrapper leaves every code position as it was.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
if (cacheMode === 'report') {
  const state = cachedData === undefined ? cacheState : script.cachedDataRejected ? 'refused by V8' : 'used';
  process.stderr.write(`quadctl-generator: code cache ${cacheFile}: ${state}\n`);
}
if (cacheMode === 'write') {
  // At exit the cache holds every function this run compiled.
  process.on('exit', () => {
    const tmp = `${cacheFile}.tmp-${process.pid}`;
    const data = script.createCachedData();
    writeFileSync(tmp, Buffer.concat([Buffer.from(stamp, 'latin1'), data, data]));
    renameSync(tmp, cacheFile);
  });
}
script.runInThisContext()(module.exports, require, module, file, dist);
