import { HistoryFile } from '../../adapters/history';
import { hostEnv } from '../../adapters/fs/host-env';
import { scopeOf, stateDir } from '../../paths';
import { readRunState } from '../../adapters/metrics/files';
import { metricsText } from '../../metrics/exposition';

interface MetricsArgs {
  user: boolean;
}

export async function run(a: MetricsArgs): Promise<void> {
  const dir = stateDir(scopeOf(a.user), hostEnv());
  const { entries } = await new HistoryFile(dir).read();
  process.stdout.write(metricsText(await readRunState(dir), entries));
}
