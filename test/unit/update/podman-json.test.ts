// Mapping podman's inspect JSON (the shape Podman 4.3.1 prints) to the core's facts.
import { toContainerFacts, toImageFacts } from '../../../src/adapters/podman/inspect';

test('container inspect: name, image reference and ID, labels, pod, healthcheck', () => {
  const facts = toContainerFacts({
    Id: 'c'.repeat(64),
    Name: 'systemd-web',
    Image: 'a'.repeat(64),
    ImageName: 'localhost:5000/demo/web:1.0.0',
    Pod: 'p'.repeat(64),
    State: { Status: 'running', Health: { Status: 'healthy' } },
    Config: { Labels: { PODMAN_SYSTEMD_UNIT: 'web.service', 'io.quadctl.policy': 'patch' }, Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1'] } },
  });
  expect(facts).toEqual({
    id: 'c'.repeat(64),
    name: 'systemd-web',
    imageName: 'localhost:5000/demo/web:1.0.0',
    imageId: 'a'.repeat(64),
    labels: { PODMAN_SYSTEMD_UNIT: 'web.service', 'io.quadctl.policy': 'patch' },
    state: 'running',
    pod: 'p'.repeat(64),
    hasHealthcheck: true,
  });
});

test("a pod's infra container is marked (IsInfra), others are not", () => {
  expect(toContainerFacts({ Pod: 'p'.repeat(64), IsInfra: true, Config: { Labels: { PODMAN_SYSTEMD_UNIT: 'pod-app.service' } } })).toMatchObject({ isInfra: true });
  expect(toContainerFacts({ Pod: 'p'.repeat(64), IsInfra: false })).not.toHaveProperty('isInfra');
});

test('a healthcheck of NONE, null labels and missing fields read as absent', () => {
  expect(toContainerFacts({ Config: { Labels: null, Healthcheck: { Test: ['NONE'] } } })).toMatchObject({ labels: {}, hasHealthcheck: false, pod: '', imageId: '' });
});

test('image inspect: digest, tags and repo digests (null when none)', () => {
  expect(toImageFacts({ Id: 'a'.repeat(64), Digest: `sha256:${'b'.repeat(64)}`, RepoTags: null, RepoDigests: [`localhost:5000/demo/web@sha256:${'b'.repeat(64)}`] })).toEqual({
    id: 'a'.repeat(64),
    digest: `sha256:${'b'.repeat(64)}`,
    repoTags: [],
    repoDigests: [`localhost:5000/demo/web@sha256:${'b'.repeat(64)}`],
  });
});
