// Schema validation of every object against the Kubernetes API's OpenAPI schemas,
// as kubernetes-models carries them (one precompiled validator per kind).
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import type { KubeObject } from './manifests';

interface Validatable {
  validate(): void;
}

const MODELS: Readonly<Record<string, new (data: never) => Validatable>> = {
  Deployment: Deployment as unknown as new (data: never) => Validatable,
  Service: Service as unknown as new (data: never) => Validatable,
  PersistentVolumeClaim: PersistentVolumeClaim as unknown as new (data: never) => Validatable,
  ConfigMap: ConfigMap as unknown as new (data: never) => Validatable,
};

/** Problems found in the object, as "Kind/name: path message" lines; empty when it is valid. */
export function validateObject(o: KubeObject): string[] {
  const Model = MODELS[o.kind];
  if (!Model) return [`${o.kind}/${o.metadata.name}: no schema for kind ${o.kind}`];
  try {
    new Model(o as never).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (!errors) return [`${o.kind}/${o.metadata.name}: ${(e as Error).message}`];
    return errors.map((x) => `${o.kind}/${o.metadata.name}: ${x.instancePath || '/'} ${x.message ?? 'is invalid'}`);
  }
}
