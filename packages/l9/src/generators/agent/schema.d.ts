export interface AgentGeneratorSchema {
  schema: string | string[];
  name?: string;
}
