/**
 * Writes packages/l9/src/schema/normalize/draft-2020-12-validator.generated.ts, ajv's precompiled validator
 * for the draft 2020-12 meta-schema. Run after upgrading ajv; a spec fails while the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import {
  draft2020ValidatorSource,
  GENERATED_VALIDATOR_FILE,
} from '../../packages/l9/src/schema/normalize/draft-2020-12-validator-test-support';

writeFileSync(GENERATED_VALIDATOR_FILE, draft2020ValidatorSource());
process.stdout.write(`wrote ${GENERATED_VALIDATOR_FILE}\n`);
