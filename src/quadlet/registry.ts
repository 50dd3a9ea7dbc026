// Which translation module handles which unit type. Each type's module adds
// itself here with one import and one table entry; a type without a module is
// reported as an error for its files and never stops the others.
import { artifactModule } from './artifact';
import { buildModule } from './build';
import { containerModule } from './container';
import { imageModule } from './image';
import { kubeModule } from './kube';
import { networkModule } from './network';
import { podModule } from './pod';
import { volumeModule } from './volume';
import type { TypeModule, UnitKind } from './types';

const TYPE_MODULES: ReadonlyArray<TypeModule> = [
  containerModule,
  networkModule,
  volumeModule,
  imageModule,
  buildModule,
  podModule,
  kubeModule,
  artifactModule,
];

export function moduleFor(kind: UnitKind): TypeModule | undefined {
  return TYPE_MODULES.find((m) => m.kind === kind);
}
