/** A unit that can not be rendered for the chosen target; names the unit, and the config line when known. */
export interface RenderProblem {
  /** "web.container" */
  readonly unit: string;
  readonly message: string;
  readonly line?: number;
  readonly section?: string;
  readonly key?: string;
}

