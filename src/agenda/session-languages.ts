import { Brackets, SelectQueryBuilder } from 'typeorm';

import type { AgendaSession } from './agenda-session.entity';

/**
 * "Sessions in Russian" means sessions spoken in Russian and sessions offering Russian interpretation.
 * `interpretation` is stored as JSON text (`["en","ru"]`), so a quoted tag matches exactly one element.
 */
export function whereSpeaks(builder: SelectQueryBuilder<AgendaSession>, language: string): void {
  builder.andWhere(
    new Brackets((where) =>
      where
        .where('LOWER(session.language) = :spoken', { spoken: language.toLowerCase() })
        .orWhere('LOWER(session.interpretation) LIKE :interpreted', {
          interpreted: `%"${language.toLowerCase()}"%`,
        }),
    ),
  );
}

/** The same rule for sessions already loaded (the cached agenda). */
export function speaks(
  session: { language: string | null; interpretation: string[] },
  language: string,
): boolean {
  const wanted = language.toLowerCase();
  return (
    session.language?.toLowerCase() === wanted ||
    session.interpretation.some((tag) => tag.toLowerCase() === wanted)
  );
}
