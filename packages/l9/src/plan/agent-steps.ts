import type { AgentSpec } from '../schema/model/agent-spec';

/** One step of what every agent project receives (from `meta.extraction.sequence.yaml`). */
export interface PlannedStep {
  id: string;
  /** Relative to `agents/<id>/`; `{module}` and `{doc}` are filled per entry. */
  path: string;
  each: 'once' | 'module' | 'doc';
  ownership: 'generated' | 'user' | 'by-role';
}

export interface PlannedFile {
  step: string;
  /** The module name or doc file a repeated step was made for. */
  subject?: string;
  file: string;
  /** Generated files are rewritten on every run; user-owned ones are written once and kept. */
  ownership: 'generated' | 'user';
  target: string;
  expected: string;
}

/** Infrastructure role of a module (e.g. `governance-bridge`), or null for a domain module. */
export type RoleOf = (moduleSource: string) => string | null;

function describe(
  step: PlannedStep,
  agent: AgentSpec,
  subject: string | undefined,
  role: string | null,
): Pick<PlannedFile, 'target' | 'expected'> {
  switch (step.each) {
    case 'module':
      if (step.path.endsWith('.spec.ts')) {
        return {
          target: `tests of module ${subject}`,
          expected: role
            ? `exercise the ${role} wiring with valid and invalid input`
            : `exercise the default behaviour of ${subject} with valid and invalid input`,
        };
      }
      return role
        ? {
            target: `module ${subject} (${role})`,
            expected: `complete ${role} implementation over @l9/runtime`,
          }
        : {
            target: `module ${subject} (domain)`,
            expected: 'working default behaviour; user-owned, kept on regeneration',
          };
    case 'doc':
      return { target: `doc ${subject}`, expected: `documents ${agent.name} from its schema` };
    default:
      return {
        target: `${step.id} of ${agent.name}`,
        expected: `${step.path} derived from the normalized schema`,
      };
  }
}

/** Every file one agent will get, in the order of the steps, with its ownership and expected behaviour. */
export function plannedFilesFor(
  agent: AgentSpec,
  steps: readonly PlannedStep[],
  roleOf: RoleOf,
): PlannedFile[] {
  const files: PlannedFile[] = [];
  for (const step of steps) {
    if (step.each === 'once') {
      files.push({
        step: step.id,
        file: step.path,
        ownership: step.ownership === 'user' ? 'user' : 'generated',
        ...describe(step, agent, undefined, null),
      });
    } else if (step.each === 'module') {
      for (const module of agent.modules) {
        const role = roleOf(module.source);
        const ownership = step.ownership === 'by-role' ? (role ? 'generated' : 'user') : step.ownership;
        files.push({
          step: step.id,
          subject: module.name,
          file: step.path.replace('{module}', module.name),
          ownership,
          ...describe(step, agent, module.name, role),
        });
      }
    } else {
      for (const doc of agent.docs) {
        files.push({
          step: step.id,
          subject: doc.file,
          file: step.path.replace('{doc}', doc.file),
          ownership: step.ownership === 'user' ? 'user' : 'generated',
          ...describe(step, agent, doc.file, null),
        });
      }
    }
  }
  return files;
}
