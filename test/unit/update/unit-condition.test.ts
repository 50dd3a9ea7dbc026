import { conditionOf } from '../../../src/update';

test.each([
  [{ loadState: 'loaded', activeState: 'active', subState: 'running', nRestarts: 0 }, 'running'],
  [{ loadState: 'loaded', activeState: 'inactive', subState: 'dead', nRestarts: 0 }, 'stopped'],
  [{ loadState: 'loaded', activeState: 'failed', subState: 'failed', nRestarts: 3 }, 'failed'],
  // Restart=always between two attempts, or starting again after one: systemd keeps restarting it.
  [{ loadState: 'loaded', activeState: 'activating', subState: 'auto-restart', nRestarts: 4 }, 'crash-looping'],
  [{ loadState: 'loaded', activeState: 'activating', subState: 'start', nRestarts: 2 }, 'crash-looping'],
  [{ loadState: 'loaded', activeState: 'activating', subState: 'start', nRestarts: 0 }, 'starting'],
  [{ loadState: 'not-found', activeState: 'inactive', subState: 'dead', nRestarts: 0 }, 'not-found'],
])('%o is %s', (view, condition) => {
  expect(conditionOf(view)).toBe(condition);
});
