// Builds a podman command line as words; written out with systemd quoting.
import { escapeWords, type UnitFile } from '../../unitfile';
import type { TranslateContext } from '../types';
import { lookupWords } from './split';

export class PodmanCommand {
  private readonly words: string[];

  constructor(podman: string, readonly globalArgs: readonly string[] = []) {
    this.words = [podman, ...globalArgs];
  }

  add(...words: string[]): this {
    // Not push(...words): a spread of 50,000 list entries would overflow the stack.
    for (let i = 0; i < words.length; i++) this.words.push(words[i] as string);
    return this;
  }

  /** "--flag value" when value is set. */
  addFlag(flag: string, value: string | undefined): this {
    if (value !== undefined) this.words.push(flag, value);
    return this;
  }

  /** "--flag=value" when value is set. */
  addJoined(flag: string, value: string | undefined): this {
    if (value !== undefined) this.words.push(`${flag}=${value}`);
    return this;
  }

  /** "--flag" when the boolean is true. */
  addBool(flag: string, value: boolean | undefined): this {
    if (value === true) this.words.push(flag);
    return this;
  }

  toWords(): string[] {
    return [...this.words];
  }

  /**
   * The value of an Exec*= key. A word `;` is written `\;`: bare, systemd would
   * take it for the end of the command (Podman's Quadlet writes it bare).
   */
  toExec(): string {
    return escapeWords(this.words, { exec: true });
  }
}

/**
 * Podman's global options from ContainersConfModule= (--module=) and GlobalArgs=,
 * which go between "podman" and the subcommand.
 */
function globalArgs(unit: UnitFile, group: string): string[] {
  const modules = unit.lookupAll(group, 'ContainersConfModule').map((m) => `--module=${m}`);
  return [...modules, ...lookupWords(unit, group, 'GlobalArgs')];
}

/** `podman [global args]`, where every Exec line of a generated service starts. */
export function podmanCommand(unit: UnitFile, group: string, ctx: TranslateContext): PodmanCommand {
  return new PodmanCommand(ctx.options.podman, globalArgs(unit, group));
}

/** PodmanArgs= words, which go last before the image / positional arguments. */
export function podmanArgs(unit: UnitFile, group: string): string[] {
  return lookupWords(unit, group, 'PodmanArgs');
}
