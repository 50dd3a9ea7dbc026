import { UsageError } from '../../../src/cli/command-error';
import { parseGeneratorArgs } from '../../../src/cli/generator-args';

describe('generator command line (Go flag rules, as Podman\'s quadlet)', () => {
  test('systemd\'s call: three folders', () => {
    expect(parseGeneratorArgs(['/run/systemd/generator', '/run/systemd/generator.early', '/run/systemd/generator.late'])).toMatchObject({
      user: false, dryrun: false, dirs: ['/run/systemd/generator', '/run/systemd/generator.early', '/run/systemd/generator.late'],
    });
  });

  test('one or two dashes, and -flag=bool', () => {
    expect(parseGeneratorArgs(['--user', '-dryrun', '-no-kmsg-log=true', '-v=false', 'out'])).toMatchObject({
      user: true, dryrun: true, noKmsgLog: true, verbose: false, dirs: ['out'],
    });
  });

  test('flags stop at the first folder or at --', () => {
    expect(parseGeneratorArgs(['out', '-v']).dirs).toEqual(['out', '-v']);
    expect(parseGeneratorArgs(['--', '-odd-dir']).dirs).toEqual(['-odd-dir']);
  });

  test('unknown flags and bad booleans are usage errors', () => {
    expect(() => parseGeneratorArgs(['-bogus'])).toThrow(new UsageError('flag provided but not defined: -bogus'));
    expect(() => parseGeneratorArgs(['-user=maybe'])).toThrow(UsageError);
  });
});
