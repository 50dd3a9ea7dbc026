// The in-memory shape of a unit file: ordered groups of ordered lines.

export interface KeyLine {
  readonly kind: 'key';
  readonly key: string;
  readonly value: string;
  /** 1-based line in the source file, when the line came from one. */
  readonly line?: number;
}

export interface CommentLine {
  readonly kind: 'comment';
  /** The comment as written ("# text", "; text") or "" for a blank line. */
  readonly text: string;
}

export type Line = KeyLine | CommentLine;

export interface Group {
  name: string;
  /** Comments and blank lines written above the group header. */
  prefix: CommentLine[];
  lines: Line[];
  /** 1-based line of the header in the source, when known. */
  line?: number;
}
