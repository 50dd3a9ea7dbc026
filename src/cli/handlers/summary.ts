// The table generate --summary and apply print: one row per unit.
import type { Config } from '../../config';
import type { RenderedFile } from '../../render';

interface SummaryRow {
  unit: string;
  type: string;
  file: string;
  service: string;
  detail: string;
  update: string;
}

function detailOf(config: Config, fileName: string): string {
  const unit = config.units.find((u) => u.fileName === fileName);
  if (!unit) return '';
  const first = (key: string): string | undefined => unit.settings.find((s) => s.key === key && s.group !== 'Unit' && s.group !== 'Service' && s.group !== 'Install')?.text;
  const ports = unit.settings.filter((s) => s.key === 'PublishPort').map((s) => s.text);
  return [first('Image') ?? first('Yaml') ?? first('Subnet') ?? '', ports.length ? `ports ${ports.join(',')}` : ''].filter(Boolean).join('  ');
}

export function summaryRows(config: Config, files: readonly RenderedFile[]): SummaryRow[] {
  return files
    .filter((f) => 'content' in f)
    .map((f) => {
      const unit = config.units.find((u) => u.fileName === f.unit);
      return { unit: f.unit, type: unit?.kind ?? '', file: f.name, service: f.service, detail: detailOf(config, f.unit), update: unit?.update.policy ?? '-' };
    });
}

export function formatTable(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n');
}
