// What users write that no unit file or command line can carry: refused with
// the file, line and key, never a unit systemd cannot load, never a crash.
import { loadConfig } from '../../../src/config';
import { load, render } from './support';

const header = '[container.web]\nImage = docker.io/library/nginx:1\n';

function issuesOf(text: string): readonly { line: number; key?: string; message: string }[] {
  return loadConfig(text, { file: 'test.ini', env: {} }).issues;
}

test('a value longer than systemd reads on one line (1 MiB) is refused with its line and key', () => {
  const issues = issuesOf(`${header}Service.Environment = A=${'x'.repeat(1024 * 1024)}\n`);
  expect(issues).toEqual([expect.objectContaining({ line: 3, key: 'Service.Environment', message: expect.stringMatching(/systemd reads unit-file lines of less than 1 MiB/) })]);
});

test('a value that becomes one podman argument over 128 KiB is refused (the unit could never start)', () => {
  const issues = issuesOf(`${header}Environment = A=${'x'.repeat(200 * 1024)}\n`);
  expect(issues).toEqual([expect.objectContaining({ line: 3, key: 'Environment', message: expect.stringMatching(/at most 128 KiB per argument/) })]);
  expect(issuesOf(`${header}Environment = A=${'x'.repeat(100 * 1024)}\n`)).toEqual([]);
});

describe('50,000 list entries', () => {
  const many = (n: number, width: number): string => `${header}${Array.from({ length: n }, (_, i) => `Environment = K${i}=${'v'.repeat(width)}`).join('\n')}\n`;

  test('load and render without a stack overflow; each target gets all of them', () => {
    const config = load(many(50_000, 1));
    for (const target of ['quadlet', 'systemd'] as const) {
      const result = render(config, target);
      expect(result.problems).toEqual([]);
      const text = result.files.find((f) => f.name === (target === 'quadlet' ? 'web.container' : 'web.service'));
      const content = text && 'content' in text ? text.content : '';
      expect(content).toContain('K0=v');
      expect(content).toContain('K49999=v');
    }
  });

  test('when together they make a line systemd refuses, both targets say so and write nothing', () => {
    const config = load(many(40_000, 30));
    for (const target of ['quadlet', 'systemd'] as const) {
      const result = render(config, target);
      expect(result.files).toEqual([]);
      expect(result.problems).toEqual([expect.objectContaining({ unit: 'web.container', section: 'container.web', key: 'ExecStart', message: expect.stringMatching(/web\.service line \d+ \(ExecStart\) is \d+ KiB; systemd refuses/) })]);
    }
  });
});
