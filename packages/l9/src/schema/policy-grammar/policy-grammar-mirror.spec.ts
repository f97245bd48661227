import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const runtimeGrammar = join(__dirname, '..', '..', '..', '..', 'runtime', 'src', 'governance');

describe('the policy grammar l9 carries', () => {
  it('is exactly the runtime grammar the generated agents run on (rerun tools/mirror-policy-grammar.ts after editing it)', () => {
    const copies = readdirSync(__dirname).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== 'index.ts',
    );
    expect(copies.sort()).toEqual([
      'escalation-policy-parser.ts',
      'policy-condition.ts',
      'policy-rule-types.ts',
      'policy-text-clauses.ts',
    ]);
    for (const file of copies) {
      const [header, ...rest] = readFileSync(join(__dirname, file), 'utf8').split('\n');
      expect(header).toContain(`packages/runtime/src/governance/${file}`);
      expect([file, rest.join('\n')]).toEqual([file, readFileSync(join(runtimeGrammar, file), 'utf8')]);
    }
  });
});
