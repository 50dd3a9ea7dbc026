// PodmanArgs= words: the resource and privilege flags have pod spec fields; every
// other flag is listed as not carried.
import { cpuFromCount, memoryQuantity } from './quantities';
import { containersOf, type RuleContext } from './rule';
import type { IContainer } from 'kubernetes-models/v1/Container';

type Apply = (c: IContainer, value: string) => boolean;

function resource(kind: 'limits' | 'requests', name: 'memory' | 'cpu', convert: (v: string) => string | undefined): Apply {
  return (c, value) => {
    const q = convert(value);
    if (q === undefined) return false;
    c.resources = { ...c.resources, [kind]: { ...c.resources?.[kind], [name]: q } };
    return true;
  };
}

/** Flags with a value, by every spelling Podman accepts. */
const VALUED: Readonly<Record<string, Apply>> = {
  '--memory': resource('limits', 'memory', memoryQuantity),
  '-m': resource('limits', 'memory', memoryQuantity),
  '--memory-reservation': resource('requests', 'memory', memoryQuantity),
  '--cpus': resource('limits', 'cpu', cpuFromCount),
};

const SWITCHES: Readonly<Record<string, (c: IContainer) => void>> = {
  '--privileged': (c) => {
    c.securityContext = { ...c.securityContext, privileged: true };
  },
};

export function podmanArgsRule(ctx: RuleContext): void {
  const words = ctx.value.words;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = w.indexOf('=');
    const flag = eq > 0 ? w.slice(0, eq) : w;
    const apply = VALUED[flag];
    if (apply) {
      const value = eq > 0 ? w.slice(eq + 1) : words[++i];
      const ok = value !== undefined && containersOf(ctx.target).every((c) => apply(c, value));
      if (!ok) rest.push(eq > 0 ? w : `${w} ${value ?? ''}`.trim());
      continue;
    }
    const sw = SWITCHES[w];
    if (sw) containersOf(ctx.target).forEach(sw);
    else rest.push(w);
  }
  if (rest.length > 0) ctx.drop(`${rest.join(' ')}: only --memory, --memory-reservation, --cpus and --privileged have pod spec fields`);
}
