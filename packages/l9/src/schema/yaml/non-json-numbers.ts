import { visit, type Document, type Scalar } from 'yaml';

/**
 * The scalar values of a document that YAML reads as numbers JSON has no form for: `.inf`, `-.inf`, `.nan`, or a
 * literal too large for a double (`1e999`). Plans, manifests and their hashes are canonical JSON, which refuses
 * them, so they are reported where they are written instead of failing when the plan is hashed. Mapping keys are
 * left alone: a key is text once the document becomes a JavaScript value.
 */
export function nonJsonNumbers(document: Document.Parsed): Scalar[] {
  const found: Scalar[] = [];
  visit(document, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'number' && !Number.isFinite(node.value)) found.push(node);
    },
  });
  return found;
}
