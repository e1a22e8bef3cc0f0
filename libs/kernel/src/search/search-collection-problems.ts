import type { LoadedModule } from '../registry/loaded-module';
import type { RegistryProblem } from '../registry/registry-problem';

/**
 * Search collections are named `<module>` or `<module>.<name>`, once per module, and platform-unique (one
 * PostgreSQL collection and one Elasticsearch index each). Checked over all modules together, so a name
 * taken from another module's namespace names both modules.
 */
export function searchCollectionProblems(order: readonly LoadedModule[]): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const owners = new Map<string, string>();
  for (const { definition } of order) {
    const seen = new Set<string>();
    for (const { name } of definition.searchCollections ?? []) {
      if (name !== definition.name && !name.startsWith(`${definition.name}.`)) {
        problems.push({
          module: definition.name,
          problem: `search collection "${name}" is outside the module's namespace.`,
          fix: `name it "${definition.name}" or "${definition.name}.<name>".`,
        });
      }
      if (seen.has(name)) {
        problems.push({ module: definition.name, problem: `search collection "${name}" is declared twice.`, fix: 'declare each search collection once.' });
        continue;
      }
      seen.add(name);
      const owner = owners.get(name);
      if (owner) {
        problems.push({
          module: definition.name,
          problem: `declares the search collection "${name}", which "${owner}" declares too.`,
          fix: `rename it within the module's own namespace ("${definition.name}.<name>"), or load only one of the two modules.`,
        });
      } else {
        owners.set(name, definition.name);
      }
    }
  }
  return problems;
}
