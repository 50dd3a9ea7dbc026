// Writes the man pages and shell completions the packages install, from the docs:
// man/quadctl.1 (docs/man/quadctl.1.md and every command's --help),
// man/quadctl.ini.5 (docs/config.md), man/quadctl-generator.8 (docs/generator.md),
// and completions/ (`quadctl completion SHELL`). Needs dist/ (run after build.mjs).
// Markdown to roff by marked-man (ronn's markdown conventions on the marked parser).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Marked } from 'marked';
import markedMan from 'marked-man';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const quadctl = (...args) => execFileSync(process.execPath, ['bin/quadctl', ...args], { encoding: 'utf8', env: { ...process.env, COLUMNS: '72' } });
const body = (file) => readFileSync(file, 'utf8').replace(/^# .*\n/, '');
const indent = (text) => text.replace(/^/gm, '    ');

// The command list as `quadctl --help` prints it: one line per command.
function commandsSection() {
  const names = [...quadctl('--help').matchAll(/^ {2}quadctl (\S+)/gm)].map((m) => m[1]);
  const parts = names.map((name) => `### quadctl ${name}\n\n${indent(quadctl(name, '--help').trimEnd())}\n`);
  return `## COMMANDS\n\n${parts.join('\n')}`;
}

const pages = [
  { name: 'quadctl', section: '1', description: 'render Podman containers into systemd units and keep them up to date', markdown: () => body('docs/man/quadctl.1.md').replace('## EXIT STATUS', `${commandsSection()}\n## EXIT STATUS`) },
  { name: 'quadctl.ini', section: '5', description: 'the quadctl config file', markdown: () => `## DESCRIPTION\n\n${body('docs/config.md').replace(/^## /gm, '### ')}\n## SEE ALSO\n\n\`quadctl(1)\`, \`quadctl-generator(8)\`, \`podman-systemd.unit(5)\`\n` },
  { name: 'quadctl-generator', section: '8', description: 'Quadlet-compatible systemd generator', markdown: () => `## DESCRIPTION\n\n${body('docs/generator.md').replace(/^## (.*)$/gm, (_, title) => `## ${title.toUpperCase()}`)}` },
];

mkdirSync('man', { recursive: true });
for (const page of pages) {
  const marked = new Marked({ ...markedMan, breaks: false, name: page.name, section: page.section, manVersion: `quadctl ${version}`, manual: 'quadctl' });
  const source = `# ${page.name}(${page.section}) -- ${page.description}\n\n${page.markdown()}`;
  writeFileSync(`man/${page.name}.${page.section}`, marked.parse(source));
}

mkdirSync('completions', { recursive: true });
for (const [shell, file] of [['bash', 'quadctl'], ['zsh', '_quadctl'], ['fish', 'quadctl.fish']]) {
  writeFileSync(`completions/${file}`, quadctl('completion', shell));
}
