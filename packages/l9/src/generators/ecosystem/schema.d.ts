import type { DiagnosticFormat } from '../../diagnostics';

export interface EcosystemGeneratorSchema {
  schema: string | string[];
  name?: string;
  format?: DiagnosticFormat;
}
