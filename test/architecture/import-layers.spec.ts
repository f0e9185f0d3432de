import { join } from 'node:path';

import {
  collectEdges,
  folderCycles,
  ImportEdge,
  rankOf,
  TEMPORARY_EXCEPTIONS,
  upwardImports,
} from './import-layers';

const SRC = join(__dirname, '..', '..', 'src');

const edge = (from: string, to: string): ImportEdge => ({
  from,
  to,
  file: `src/${from}/x.ts`,
  specifier: `../${to}/y`,
});

describe('import layers (STYLE.md B11)', () => {
  const edges = collectEdges(SRC);

  it('should find the imports between folders of src', () => {
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'agenda', to: 'events', file: 'src/agenda/sessions.service.ts' }),
    );
  });

  it('should have no import that goes up a layer', () => {
    expect(upwardImports(edges, TEMPORARY_EXCEPTIONS)).toEqual([]);
  });

  it('should have no cycle between the folders of src', () => {
    expect(folderCycles(edges, TEMPORARY_EXCEPTIONS)).toEqual([]);
  });

  it('should only list temporary exceptions that still exist', () => {
    const present = new Set(edges.map((e) => `${e.from} -> ${e.to}`));
    expect(TEMPORARY_EXCEPTIONS.filter((exception) => !present.has(exception))).toEqual([]);
  });

  it('should report a new cycle between two folders', () => {
    const cycles = folderCycles([...edges, edge('events', 'organizations')], TEMPORARY_EXCEPTIONS);
    expect(cycles).toEqual([
      expect.stringMatching(/^events -> organizations -> events \(src\/events\/x\.ts/),
    ]);
  });

  it('should report a cycle through three folders of the same layer', () => {
    const cycles = folderCycles(
      [edge('agenda', 'exports'), edge('exports', 'polls'), edge('polls', 'agenda')],
      [],
    );
    expect(cycles).toEqual([expect.stringMatching(/^agenda -> exports -> polls -> agenda /)]);
  });

  it('should report an import from infrastructure or a base feature up into a feature', () => {
    expect(upwardImports([edge('common', 'agenda'), edge('programme', 'agenda')], [])).toEqual([
      expect.stringContaining(
        'common (infrastructure (no feature knowledge)) may not import agenda (features)',
      ),
      expect.stringContaining('programme (features that others build on) may not import agenda (features)'),
    ]);
  });

  it('should let compositions import features, and treat an unlisted folder as a feature', () => {
    expect(rankOf('polls')).toBe(rankOf('agenda'));
    expect(upwardImports([edge('editions', 'agenda'), edge('polls', 'events')], [])).toEqual([]);
    expect(upwardImports([edge('polls', 'editions')], [])).toHaveLength(1);
  });
});
