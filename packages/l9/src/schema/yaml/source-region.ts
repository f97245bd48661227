/**
 * Where a piece of YAML text sits in the file the user wrote. A standalone `.yaml` file is one region at
 * offset zero; a fenced block inside Markdown starts some lines further down, so every position reported
 * for it is shifted back into the `.md`'s coordinates.
 */
export interface SourceRegion {
  /** Path of the user's file, as it is reported in diagnostics. */
  file: string;
  /** Number of lines of the file before the region's first line. */
  lineOffset: number;
  /** Columns stripped from the start of every line of the region (indentation of a fenced block). */
  columnOffset: number;
}

export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export function wholeFile(file: string): SourceRegion {
  return { file, lineOffset: 0, columnOffset: 0 };
}
