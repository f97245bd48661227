/**
 * Copies the escalation-policy grammar of the runtime into the l9 generator, which reads policies when it
 * generates an agent but never loads the runtime itself: the agent then runs on the very rules the generator
 * checked. The runtime's files are the original; each copy starts with one line saying so, and
 * packages/l9/src/schema/policy-grammar/policy-grammar-mirror.spec.ts fails when a copy differs from its original.
 * Run after editing the grammar: node -r @swc-node/register tools/mirror-policy-grammar.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const from = join(root, 'packages', 'runtime', 'src', 'governance');
const to = join(root, 'packages', 'l9', 'src', 'schema', 'policy-grammar');
/** The grammar and the types it needs, nothing else: these import only each other. */
const FILES = [
  'policy-rule-types.ts',
  'policy-condition.ts',
  'policy-text-clauses.ts',
  'escalation-policy-parser.ts',
];

mkdirSync(to, { recursive: true });
for (const file of FILES) {
  const header = `// Mirrored from packages/runtime/src/governance/${file} by tools/mirror-policy-grammar.ts: edit the original, then run the tool.\n`;
  writeFileSync(join(to, file), header + readFileSync(join(from, file), 'utf8'));
  process.stdout.write(`wrote ${relative(root, join(to, file))}\n`);
}
