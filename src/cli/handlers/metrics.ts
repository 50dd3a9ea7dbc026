import { HistoryFile, stateDir } from '../../adapters/history';
import { readRunState } from '../../adapters/metrics/files';
import { metricsText } from '../../metrics/exposition';
import type { MetricsArgs } from '../commands/metrics';

export async function run(a: MetricsArgs): Promise<void> {
  const dir = stateDir(a.user);
  const { entries } = await new HistoryFile(dir).read();
  process.stdout.write(metricsText(await readRunState(dir), entries));
}
