export interface EcosystemGeneratorSchema {
  schema: string | string[];
  name?: string;
}
