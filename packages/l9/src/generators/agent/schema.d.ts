import type { DiagnosticFormat } from '../../diagnostics';

export interface AgentGeneratorSchema {
  schema: string | string[];
  name?: string;
  format?: DiagnosticFormat;
}
