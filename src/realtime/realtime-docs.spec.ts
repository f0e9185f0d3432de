import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../common/project-root';

/** Event names of an interface in the contract, read from its source (the contract is type-only). */
function eventsOf(source: string, name: string): string[] {
  const body = source.slice(source.indexOf(`export interface ${name} {`));
  const block = body.slice(0, body.indexOf('\n}'));
  return [...block.matchAll(/^\s+'([a-z]+:[a-z-]+)':/gm)].map((match) => match[1]);
}

describe('docs/realtime.md', () => {
  const contract = readFileSync(join(projectRoot(), 'src', 'realtime', 'realtime.contract.ts'), 'utf8');
  const docs = readFileSync(join(projectRoot(), 'docs', 'realtime.md'), 'utf8');

  it('should document every event of the contract', () => {
    const events = [
      ...eventsOf(contract, 'ClientToServerEvents'),
      ...eventsOf(contract, 'ServerToClientEvents'),
    ];
    expect(events.length).toBeGreaterThan(15);
    expect(events.filter((event) => !docs.includes(`\`${event}\``))).toEqual([]);
  });

  it('should document no event that the contract lacks', () => {
    const known = new Set([
      ...eventsOf(contract, 'ClientToServerEvents'),
      ...eventsOf(contract, 'ServerToClientEvents'),
    ]);
    const rows = [...docs.matchAll(/^\| `([a-z]+:[a-z-]+)` \|/gm)].map((match) => match[1]);
    expect(rows.filter((event) => !known.has(event))).toEqual([]);
  });
});
