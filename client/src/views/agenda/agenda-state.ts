import type { AgendaDayView, AgendaFilters } from '../../state/agenda.store';
import type { Store } from '../../state/store';

const ZONE_MODE_KEY = 'plenary.zoneMode';

export type ZoneMode = 'viewer' | 'event';

/** What the agenda panel shows; every part of the panel reads and changes this one store. */
export interface AgendaViewState {
  zoneMode: ZoneMode;
  filters: AgendaFilters;
  days: AgendaDayView[];
  timezone: string;
  loading: boolean;
  error: unknown;
}

export type AgendaViewStore = Store<AgendaViewState>;

export function readZoneMode(): ZoneMode {
  try {
    return localStorage.getItem(ZONE_MODE_KEY) === 'event' ? 'event' : 'viewer';
  } catch {
    return 'viewer';
  }
}

export function saveZoneMode(mode: ZoneMode): void {
  try {
    localStorage.setItem(ZONE_MODE_KEY, mode);
  } catch {
    // The choice then lasts for this page only.
  }
}
