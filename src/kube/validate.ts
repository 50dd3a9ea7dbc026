// Schema validation of every object against the Kubernetes API's OpenAPI schemas,
// as kubernetes-models carries them (one precompiled validator per kind).
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type IPersistentVolumeClaim, PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { type IService, Service } from 'kubernetes-models/v1/Service';
import type { KubeObject } from './manifests';

/** Each kind quadctl writes, checked by its model (validate() throws with ajv's errors). */
const VALIDATE: Readonly<Record<string, (o: KubeObject) => void>> = {
  Deployment: (o) => new Deployment(o as unknown as IDeployment).validate(),
  Service: (o) => new Service(o as unknown as IService).validate(),
  PersistentVolumeClaim: (o) => new PersistentVolumeClaim(o as unknown as IPersistentVolumeClaim).validate(),
  ConfigMap: (o) => new ConfigMap(o as unknown as IConfigMap).validate(),
};

/** Problems found in the object, as "Kind/name: path message" lines; empty when it is valid. */
export function validateObject(o: KubeObject): string[] {
  const validate = VALIDATE[o.kind];
  if (!validate) return [`${o.kind}/${o.metadata.name}: no schema for kind ${o.kind}`];
  try {
    validate(o);
    return [];
  } catch (e) {
    const errors = (e as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (!errors) return [`${o.kind}/${o.metadata.name}: ${(e as Error).message}`];
    return errors.map((x) => `${o.kind}/${o.metadata.name}: ${x.instancePath || '/'} ${x.message ?? 'is invalid'}`);
  }
}
