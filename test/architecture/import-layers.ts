import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The import layers of STYLE.md B11, checked on the folders directly under src/. A runtime import may go
 * down a layer or sideways within one, never up; and the folders, with every runtime import between them,
 * must form no cycle. Type-only imports (`import type`, or every name marked `type`) are erased by the
 * compiler and do not count.
 */

const ROOT = '(root)';

/** Lowest first. A folder not listed is a feature (rank 2): a new feature folder needs no entry here. */
export const LAYERS: readonly { name: string; folders: readonly string[] }[] = [
  {
    name: 'infrastructure (no feature knowledge)',
    folders: ['config', 'database', 'common', 'metrics', 'client', 'realtime'],
  },
  {
    name: 'features that others build on',
    folders: ['auth', 'audit', 'events', 'organizations', 'programme'],
  },
  { name: 'features', folders: [] },
  { name: 'composition of several features', folders: ['editions', 'live-session', 'demo'] },
  { name: 'composition root (src/*.ts)', folders: [ROOT] },
];

const FEATURE_RANK = 2;

/** Edges allowed to break the rules for now. Empty since the live layers were untangled; keep it so. */
export const TEMPORARY_EXCEPTIONS: readonly string[] = [];

export interface ImportEdge {
  from: string;
  to: string;
  /** `src/…` path of the importing file and the specifier, for the message. */
  file: string;
  specifier: string;
}

export function rankOf(folder: string): number {
  const index = LAYERS.findIndex((layer) => layer.folders.includes(folder));
  return index === -1 ? FEATURE_RANK : index;
}

/** Every runtime import between two different folders of `srcDir`, tests excluded. */
export function collectEdges(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(srcDir, file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const specifier of runtimeSpecifiers(source)) {
      if (!specifier.startsWith('.')) {
        continue;
      }
      const to = folderOf(srcDir, resolve(dirname(file), specifier));
      if (to !== from) {
        edges.push({ from, to, file: relative(resolve(srcDir, '..'), file), specifier });
      }
    }
  }
  return edges;
}

/** Imports that go up a layer, unless listed in `exceptions` as `from -> to`. */
export function upwardImports(edges: readonly ImportEdge[], exceptions: readonly string[]): string[] {
  return edges
    .filter(
      (edge) => rankOf(edge.to) > rankOf(edge.from) && !exceptions.includes(`${edge.from} -> ${edge.to}`),
    )
    .map(
      (edge) =>
        `${edge.file} imports ${edge.specifier}: ${edge.from} (${LAYERS[rankOf(edge.from)].name}) ` +
        `may not import ${edge.to} (${LAYERS[rankOf(edge.to)].name})`,
    );
}

/** Each folder cycle as `a -> b -> a`, with one file per step, ignoring the edges in `exceptions`. */
export function folderCycles(edges: readonly ImportEdge[], exceptions: readonly string[]): string[] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    if (exceptions.includes(`${edge.from} -> ${edge.to}`)) {
      continue;
    }
    const targets = graph.get(edge.from) ?? new Map<string, ImportEdge>();
    if (!targets.has(edge.to)) {
      targets.set(edge.to, edge);
    }
    graph.set(edge.from, targets);
  }
  const cycles: string[] = [];
  for (const component of stronglyConnected(graph)) {
    if (component.length < 2) {
      continue;
    }
    const members = new Set(component);
    const path = cycleThrough(graph, component[0], members);
    const steps = path.slice(0, -1).map((folder, i) => graph.get(folder)!.get(path[i + 1])!);
    cycles.push(
      `${path.join(' -> ')} (${steps.map((step) => `${step.file} imports ${step.specifier}`).join('; ')})`,
    );
  }
  return cycles;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...sourceFiles(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec|test)\.ts$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

function folderOf(srcDir: string, path: string): string {
  const parts = relative(srcDir, path).split(sep);
  return parts.length > 1 ? parts[0] : ROOT;
}

function runtimeSpecifiers(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (!isTypeOnlyImport(statement.importClause)) {
        specifiers.push(statement.moduleSpecifier.text);
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      !statement.isTypeOnly
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  // Lazy `import('…')` calls load the module at run time too.
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) {
    return false; // `import './x'` runs the module.
  }
  if (clause.isTypeOnly) {
    return true;
  }
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** Tarjan's algorithm: the strongly connected components of the folder graph. */
function stronglyConnected(graph: Map<string, Map<string, ImportEdge>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) {
    if (!index.has(node)) {
      connect(node);
    }
  }
  return components;
}

/** A shortest way from `start` back to itself inside one component (breadth first). */
function cycleThrough(
  graph: Map<string, Map<string, ImportEdge>>,
  start: string,
  members: Set<string>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!members.has(target)) {
        continue;
      }
      if (target === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) {
          path.splice(1, 0, at);
        }
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
