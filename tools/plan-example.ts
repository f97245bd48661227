/**
 * Plans the TensorAIOS example ecosystem (phase 0): ingest, dependency graph, waves, locked plan.
 * Prints diagnostics as text (or `--format json|github`) and the plan summary; exits 1 on any error.
 *
 * Run: npm start   (or node -r @swc-node/register tools/plan-example.ts [schema files…])
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCommandLine } from '../packages/l9/src/command-line';
import { textTable } from '../packages/l9/src/text-table';
import { formatDiagnostics, type DiagnosticFormat } from '../packages/l9/src/diagnostics';
import { loadMetaTemplates } from '../packages/l9/src/meta';
import { planEcosystem, planOptionsFromMeta } from '../packages/l9/src/plan';

const root = join(__dirname, '..');
const FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'github'];
const USAGE = 'usage: plan-example.ts [--format text|json|github] [schema files…]';
function usageError(problem: string): never {
  process.stderr.write(`plan-example: ${problem}\n${USAGE}\n`);
  process.exit(1);
}
const { values, positionals } = parseCommandLine(
  process.argv.slice(2),
  { format: { type: 'string', default: 'text' } },
  (problem) => usageError(problem),
);
if (!FORMATS.includes(values.format as DiagnosticFormat))
  usageError(`--format is one of ${FORMATS.join(', ')}, not '${values.format}'`);
const format = values.format as DiagnosticFormat;
const schemaFiles =
  positionals.length > 0
    ? positionals
    : ['templates/examples/tensoraios-ecosystem.md', 'templates/examples/main-agent.yaml'];

const read = (rel: string) => {
  try {
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    return null;
  }
};
const meta = loadMetaTemplates(read);
if (!meta.meta) {
  process.stderr.write(`${formatDiagnostics(meta.diagnostics, format)}\n`);
  process.exit(1);
}
const files = schemaFiles.map((file) => {
  const path = relative(root, join(process.cwd(), file)).split('\\').join('/');
  const content = read(path);
  if (content === null) {
    process.stderr.write(`${path}:1:1: error L9E001 file cannot be read\n`);
    process.exit(1);
  }
  return { path, content };
});
const result = planEcosystem(files, planOptionsFromMeta(meta.meta));
if (result.diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(result.diagnostics, format)}\n`);
if (!result.plan) process.exit(1);

const plan = result.plan;
const lines = [
  `${plan.title ?? 'Ecosystem'}: ${plan.agents.length} agents, ${plan.todo.length} planned files, ${plan.matrix.pairs} integration pairs`,
  ...plan.waves.map((wave, i) => `  wave ${i + 1}: ${wave.join(', ')}`),
  '',
  textTable(
    [
      ['agent', 'port', 'prefix', 'files'],
      ...plan.agents.map((a) => [
        a.name,
        String(a.port),
        a.route_prefix,
        String(plan.todo.filter((t) => t.agent === a.name).length),
      ]),
    ],
    { indent: '  ' },
  ),
  '',
  `plan hash ${plan.hash}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
