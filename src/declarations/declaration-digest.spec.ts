import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../common/project-root';
import { canonicalTexts, declarationDigest } from './declaration-digest';

/** The shell commands of docs/declarations.md, without their `curl … |` part. */
function documentedCommands(): string[] {
  const docs = readFileSync(join(projectRoot(), 'docs', 'declarations.md'), 'utf8');
  return [...docs.matchAll(/```sh\ncurl -s '[^']+' \| (.+)\n```/g)].map((match) => match[1]);
}

describe('declaration digest', () => {
  const texts = {
    zh: '我们倡议：应对国际合作机制面临的挑战。\n第二段 "引号" \\ 反斜杠',
    en: 'We launch the Initiative cafe\u0301\tnow.',
  };

  it('should sort the language keys and put every text in NFC', () => {
    expect(canonicalTexts(texts)).toBe(
      '{"en":"We launch the Initiative caf\u00e9\\tnow.","zh":"我们倡议：应对国际合作机制面临的挑战。\\n第二段 \\"引号\\" \\\\ 反斜杠"}',
    );
  });

  it('should be the SHA-256 of the canonical UTF-8 bytes in lowercase hex', () => {
    // `printf '{"en":"abc"}' | sha256sum`
    expect(declarationDigest({ en: 'abc' })).toBe(
      'aca45ba9edd1028752a3de2f711a8fdd6ac131ae4cb32f825b77cfad0e1e70ce',
    );
    expect(declarationDigest(texts)).toMatch(/^[0-9a-f]{64}$/);
    expect(declarationDigest({ en: 'cafe\u0301' })).toBe(declarationDigest({ en: 'caf\u00e9' }));
    expect(declarationDigest({ zh: 'b', en: 'a' })).toBe(declarationDigest({ en: 'a', zh: 'b' }));
  });

  it('should be what the documented node and jq commands print for the public JSON', () => {
    const commands = documentedCommands();
    expect(commands).toHaveLength(2);
    // The public JSON as the API returns it: texts stored in NFC.
    const stored = Object.fromEntries(
      Object.entries(texts).map(([lang, text]) => [lang, text.normalize('NFC')]),
    );
    const publicJson = JSON.stringify({
      id: 'x',
      title: 'T',
      texts: stored,
      digest: declarationDigest(texts),
    });
    for (const command of commands) {
      const printed = execSync(command, { input: publicJson, encoding: 'utf8', shell: '/bin/sh' });
      expect(printed.trim().split(/\s+/)[0]).toBe(declarationDigest(texts));
    }
  });
});
