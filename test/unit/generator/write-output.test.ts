// The generator's writer: every unit and link appears whole, with the mode systemd
// expects, and a write that fails leaves nothing behind.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirPrefix, symlinkAtomic, writeFileAtomic } from '../../../src/adapters/generator';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'quadctl-write-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

test('a unit is written in UTF-8 with mode 0644, replacing an older one, with no temporary file left', () => {
  const path = join(work, 'out', 'web.service');
  const old = process.umask(0o022);
  try {
    writeFileAtomic(path, 'old\n');
    writeFileAtomic(path, '[Unit]\nDescription=café ✓\n');
  } finally {
    process.umask(old);
  }
  expect(readFileSync(path, 'utf8')).toBe('[Unit]\nDescription=café ✓\n');
  expect(statSync(path).mode & 0o777).toBe(0o644);
  expect(listing(join(work, 'out'))).toEqual(['web.service']);
});

test('links go into their folder (made on first use) and replace an existing link', () => {
  const prefix = dirPrefix(join(work, 'out'));
  symlinkAtomic(prefix, { link: 'multi-user.target.wants/web.service', target: '../old.service' });
  symlinkAtomic(prefix, { link: 'multi-user.target.wants/web.service', target: '../web.service' });
  symlinkAtomic(prefix, { link: 'alias/deep/web2.service', target: '../../web.service' });
  expect(readlinkSync(join(work, 'out', 'multi-user.target.wants', 'web.service'))).toBe('../web.service');
  expect(lstatSync(join(work, 'out', 'alias', 'deep', 'web2.service')).isSymbolicLink()).toBe(true);
  expect(listing(join(work, 'out'))).toEqual(['alias', 'alias/deep', 'alias/deep/web2.service', 'multi-user.target.wants', 'multi-user.target.wants/web.service']);
});

test('a unit that cannot be written throws and leaves no temporary file', () => {
  const blocked = join(work, 'not-a-folder');
  writeFileSync(blocked, '');
  expect(() => writeFileAtomic(join(blocked, 'web.service'), 'x\n')).toThrow(/ENOTDIR/);
  expect(listing(work)).toEqual(['not-a-folder']);
});
