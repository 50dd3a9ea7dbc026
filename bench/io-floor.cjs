// The floor under any Node generator: start Node, read every input file, write the
// same unit files and [Install] links quadctl-generator wrote — with no parsing or
// translation at all. bench/generator.sh times it beside both generators, so the
// ratio goal can be compared with what Node itself costs for the same I/O.
//
//   node bench/io-floor.cjs --manifest OUTDIR_WRITTEN_BEFORE > manifest.json
//   QUADLET_UNIT_DIRS=DIR node bench/io-floor.cjs manifest.json --no-kmsg-log OUTDIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function manifest(dir) {
  const entries = [];
  const walk = (rel) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, d.name);
      if (d.isDirectory()) walk(r);
      else if (d.isSymbolicLink()) entries.push({ link: r, target: fs.readlinkSync(path.join(dir, r)) });
      else entries.push({ file: r, text: fs.readFileSync(path.join(dir, r), 'utf8') });
    }
  };
  walk('');
  return entries;
}

function replay(manifestPath, out) {
  for (const dir of (process.env.QUADLET_UNIT_DIRS || '').split(':').filter(Boolean)) {
    for (const name of fs.readdirSync(dir)) fs.readFileSync(path.join(dir, name), 'utf8');
  }
  const made = new Set();
  const ensure = (p) => {
    const d = path.dirname(p);
    if (!made.has(d)) fs.mkdirSync(d, { recursive: true }), made.add(d);
  };
  for (const e of JSON.parse(fs.readFileSync(manifestPath, 'utf8'))) {
    const p = path.join(out, e.file ?? e.link);
    ensure(p);
    if (e.file !== undefined) fs.writeFileSync(p, e.text);
    else fs.symlinkSync(e.target, p);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--manifest') process.stdout.write(JSON.stringify(manifest(args[1])));
else replay(args[0], args[args.length - 1]);
