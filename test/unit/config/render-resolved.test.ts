// Config + updater state render together: the updater's choice survives, every
// other config change reaches the unit, and a change of Image or policy wins.
// The file the updater rewrites in place is byte for byte what apply renders.
import { withResolvedImages } from '../../../src/render';
import { EMPTY_STATE, recordResolution, rewriteGeneratedImage, setHold, supersede, type UpdaterState } from '../../../src/update';
import { fileText, load, render } from './support';

const REPO = 'localhost:5000/demo/web';
const section = (image: string, extra = ''): string => `[container.web]\nImage = ${image}\nupdate.policy = patch\n${extra}`;
const resolved: UpdaterState = recordResolution(EMPTY_STATE, 'web', { image: `${REPO}:1.0.0`, policy: 'patch' }, { image: `${REPO}:1.0.1`, digest: 'sha256:x', entry: 'e1', at: 1 });

describe.each([
  ['systemd', 'web.service'],
  ['quadlet', 'web.container'],
] as const)('%s target', (target, file) => {
  const renderWith = (text: string, state: UpdaterState): string => fileText(render(withResolvedImages(load(text), state).config, target), file);

  test('the updater rewriting its generated file in place gives exactly what apply renders with its state', () => {
    const before = renderWith(section(`${REPO}:1.0.0`), EMPTY_STATE);
    expect(rewriteGeneratedImage(before, `${REPO}:1.0.0`, `${REPO}:1.0.1`, file)).toBe(renderWith(section(`${REPO}:1.0.0`), resolved));
  });

  test('a config change reaches the unit and the resolved image stays', () => {
    const text = renderWith(section(`${REPO}:1.0.0`, 'Environment = FOO=bar\n'), resolved);
    expect(text).toContain('FOO=bar');
    expect(text).toContain(`${REPO}:1.0.1`);
    expect(text).not.toContain(`${REPO}:1.0.0`);
  });

  test.each([
    ['Image', section(`${REPO}:1.1.0`)],
    ['update.policy', section(`${REPO}:1.0.0`).replace('patch', 'none')],
    ['update.policy left out', `[container.web]\nImage = ${REPO}:1.0.0\n`],
  ])('a change of %s supersedes the resolved image', (_what, config) => {
    const { images } = withResolvedImages(load(config), resolved);
    expect(images).toEqual([expect.objectContaining({ service: 'web.service', resolved: false, superseded: true })]);
    expect(renderWith(config, resolved)).not.toContain(`${REPO}:1.0.1`);
  });
});

test('apply drops superseded resolutions and keeps holds', () => {
  const held = setHold(resolved, 'web', { since: 5, reason: 'rolled back by hand [e2]' });
  const next = supersede(held, new Map([['web.service', { image: `${REPO}:1.1.0`, policy: 'patch' }]]));
  expect(next.units['web.service']).toEqual({ hold: { since: 5, reason: 'rolled back by hand [e2]' }, knownBad: [] });
  expect(supersede(held, new Map([['web.service', { image: `${REPO}:1.0.0`, policy: 'Patch' }]]))).toEqual(held);
  expect(withResolvedImages(load(section(`${REPO}:1.0.0`)), held).images).toEqual([expect.objectContaining({ image: `${REPO}:1.0.1`, held: 'rolled back by hand [e2]' })]);
});
