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
    let node: unknown = this.document.contents;
    let best: Node | null = (node as Node | null) ?? null;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
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
    const offset = best?.range?.[0] ?? this.document.range[0];
    return this.positionAtOffset(offset);
  }
}
