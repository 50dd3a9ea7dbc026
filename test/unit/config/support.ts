// Shared by the config tests: load + render a config text the way the CLI does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, UNIT_KINDS, type Config, type UnitKind } from '../../../src/config';
import { parseVersion, renderConfig, type RenderResult, type Target, type TemplateSet } from '../../../src/render';

/** The bundled template, for every type (as the CLI loads it without --templates). */
const BUNDLED = readFileSync(join(__dirname, '..', '..', '..', 'templates', 'unit.hbs'), 'utf8');
export const TEMPLATES: TemplateSet = Object.fromEntries(UNIT_KINDS.map((k) => [k, BUNDLED])) as Record<UnitKind, string>;

export function load(text: string, env: Record<string, string> = {}): Config {
  const { config, issues } = loadConfig(text, { file: 'test.ini', env });
  if (!config) throw new Error(issues.map((i) => `${i.line}: ${i.key ?? ''}: ${i.message}`).join('\n'));
  return config;
}

export function render(config: Config, target: Target, podman = '4.3.1'): RenderResult {
  return renderConfig(config, { target, templates: TEMPLATES, source: '/etc/quadctl/test.ini', host: parseVersion(podman), isUser: false, podman: '/usr/bin/podman', baseDir: '/etc/quadctl' });
}

/** The file's text by name, or a thrown error naming what was rendered. */
export function fileText(result: RenderResult, name: string): string {
  const f = result.files.find((x) => x.name === name);
  if (!f || !('content' in f)) throw new Error(`no ${name} among ${result.files.map((x) => x.name).join(', ')}; problems: ${JSON.stringify(result.problems)}`);
  return f.content;
}

/** What systemd makes of a value in an Exec line: %% → %, $$ → $. */
export const unliteral = (s: string): string => s.replace(/%%|\$\$/g, (m) => m[0]);
