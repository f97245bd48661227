import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePosition, SourceRegion } from './source-region';

export type YamlPath = ReadonlyArray<string | number>;

/**
 * One parsed YAML document together with everything needed to report a position inside it
 * in the coordinates of the user's file.
 */
export class ParsedYamlDocument {
  constructor(
    readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    readonly region: SourceRegion,
    /** The plain JavaScript value of the document (aliases resolved within the configured limit). */
    readonly value: unknown,
    /** The region's YAML text, for positions inside a scalar (see `positionInScalar`). */
    private readonly text = '',
  ) {}

  /** Position of a character offset of the region's text. */
  positionAtOffset(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return {
      file: this.region.file,
      line: line + this.region.lineOffset,
      column: col + this.region.columnOffset,
    };
  }

  /** Position of the document's first content node, or of the document start when it is empty. */
  start(): SourcePosition {
    const contents = this.document.contents as Node | null;
    return this.positionAtOffset(contents?.range?.[0] ?? this.document.range[0]);
  }

  /** Top-level keys of the document, in the order written, when its root is a mapping. */
  topLevelKeys(): string[] {
    const root = this.document.contents;
    if (!isMap(root)) return [];
    return root.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
  }

  /**
   * Position of the node at `path`: for `'key'` the key of the last mapping entry on the path (where an
   * unknown or duplicate key is reported), for `'value'` its value (where a wrong type is reported).
   * When the path leaves the document, the deepest node that exists is used.
   */
  positionOf(path: YamlPath, target: 'key' | 'value' = 'value'): SourcePosition {
    return this.positionAtOffset(this.nodeAt(path, target)?.range?.[0] ?? this.document.range[0]);
  }

  /**
   * Position of the character at `offset` of the string value at `path` (as the parser returned it, or trimmed):
   * through quotes, escapes, and the indentation and line breaks a folded (`>`) or literal (`|`) block removes,
   * so a phrase of a long policy text is reported on its own line and column. Falls back to the value's start.
   */
  positionInScalar(path: YamlPath, offset: number): SourcePosition {
    const node = this.nodeAt(path, 'value');
    const range = node?.range;
    if (!isScalar(node) || typeof node.value !== 'string' || !range) return this.positionOf(path, 'value');
    const source = this.text.slice(range[0], range[1]);
    // A block scalar's header line (`>`, `|-`, …) holds no content; a quoted scalar's first character is its quote.
    let at = /^[>|]/.test(source) ? source.indexOf('\n') + 1 : /^['"]/.test(source) ? 1 : 0;
    const value = node.value.trim();
    let target = offset;
    while (target < value.length - 1 && /\s/.test(value[target]!)) target += 1;
    // Folding only adds, drops or replaces whitespace: every other character of the value is the next equal
    // character of the source (an escape such as \n is skipped over on the way to the character it makes).
    for (let index = 0; index <= target; index += 1) {
      const char = value[index]!;
      if (/\s/.test(char)) continue;
      const found = source.indexOf(char, at);
      if (found < 0) break;
      if (index === target) return this.positionAtOffset(range[0] + found);
      at = found + 1;
    }
    return this.positionOf(path, 'value');
  }

  /** The node at `path` (see `positionOf`), or the deepest one that exists. */
  private nodeAt(path: YamlPath, target: 'key' | 'value'): Node | null {
    let node: unknown = this.document.contents;
    let best: Node | null = (node as Node | null) ?? null;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        const keyNode = pair.key as Node;
        const valueNode = (pair.value as Node | null) ?? keyNode;
        best = last && target === 'key' ? keyNode : valueNode.range ? valueNode : keyNode;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        node = node.items[segment];
        best = node as Node;
      } else {
        break;
      }
    }
    return best;
  }
}
