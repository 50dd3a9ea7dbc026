// The contract between the generator driver and the per-type translation modules.
import type { UnitFile } from '../unitfile';
import type { QuadletLevel } from './language';

export type UnitKind = 'container' | 'volume' | 'network' | 'kube' | 'image' | 'build' | 'pod' | 'artifact';

/** A source file as the driver found it, drop-ins already merged. */
export interface SourceUnit {
  /** Base name as found: "web.container", "sleep@.container", "sleep@10.container". */
  readonly fileName: string;
  /** Absolute path of the file (SourcePath=, relative paths resolve against its folder). */
  readonly path: string;
  readonly kind: UnitKind;
  readonly unit: UnitFile;
}

/** What the cross-unit pre-pass records for every source unit. */
export interface UnitInfo extends SourceUnit {
  /** Generated service name without ".service": "web", "db-network", or ServiceName=. */
  readonly serviceName: string;
  /**
   * The Podman object the unit makes, as other units must name it: container name,
   * network name, volume name, pod name, or the image reference of a .image/.build.
   */
  readonly resourceName: string;
}

export interface GeneratorOptions {
  /** --user: rootless units, user search paths, podman-user-wait-network-online.service. */
  readonly isUser: boolean;
  /** Path of podman written into Exec lines ($PODMAN or /usr/bin/podman). */
  readonly podman: string;
  /** Whether a host path exists (AddDevice=-/dev/x adds the device only then); injected by the driver. */
  readonly pathExists?: (path: string) => boolean;
  /** The Quadlet (Podman release) whose output is written; default the newest. */
  readonly level?: QuadletLevel;
}

export interface TranslateContext {
  readonly options: GeneratorOptions;
  /** The Quadlet level written for (options.level or the newest). */
  readonly level: QuadletLevel;
  /** Another source unit by file name ("basic.network"), or undefined when there is none. */
  unitInfo(fileName: string): UnitInfo | undefined;
  /** The containers whose Pod= names this .pod file and that translated without error, in the order they were found. */
  podMembers(podFileName: string): readonly UnitInfo[];
  /** Emits a warning (the conversion still succeeds). */
  warn(message: string): void;
  /** Whether that source unit was translated already and failed (networks and volumes go first). */
  failed(fileName: string): boolean;
}

/** One unit type: its [Group] and how it becomes a .service (its keys are in the key catalog). */
export interface TypeModule {
  readonly kind: UnitKind;
  /** Its own group in the source file, e.g. "Network". */
  readonly group: string;
  /** A check Quadlet makes before any other (before the unknown-key check); throws QuadletError. */
  firstCheck?(source: UnitInfo, ctx: TranslateContext): void;
  /** Builds the .service unit; throws QuadletError for a unit that cannot be converted. */
  translate(source: UnitInfo, ctx: TranslateContext): UnitFile;
}

/** A conversion failure; the driver prints `converting "FILE": message`. */
export class QuadletError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuadletError';
  }
}
