/** A unit that can not be rendered for the chosen target; names the unit, and the config line when known. */
export interface RenderProblem {
  /** "web.container" */
  readonly unit: string;
  readonly message: string;
  readonly line?: number;
  readonly section?: string;
  readonly key?: string;
}

export class RenderError extends Error {
  constructor(readonly problems: readonly RenderProblem[]) {
    super(problems.map((p) => `${p.unit}: ${p.message}`).join('\n'));
    this.name = 'RenderError';
  }
}
