import { CalendarEntry, escapeText, foldLine, renderCalendar, transitionsInYear } from './icalendar';

interface Component {
  name: string;
  properties: { name: string; params: Record<string, string>; value: string }[];
  children: Component[];
}

/** A minimal RFC 5545 reader: unfolds, checks BEGIN/END nesting and splits each content line. */
function parseCalendar(text: string): Component {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const lines = text
    .slice(0, -2)
    .split('\r\n')
    .reduce<string[]>((acc, line) => {
      if (line.startsWith(' ')) {
        acc[acc.length - 1] += line.slice(1);
      } else {
        acc.push(line);
      }
      return acc;
    }, []);
  const root: Component = { name: '', properties: [], children: [] };
  const stack: Component[] = [root];
  for (const line of lines) {
    const match = /^([A-Z0-9-]+)((?:;[A-Z0-9-]+=[^;:]*)*):(.*)$/.exec(line);
    if (!match) {
      throw new Error(`not a content line: ${line}`);
    }
    const [, name, rawParams, value] = match;
    const params: Record<string, string> = {};
    for (const param of rawParams.split(';').filter(Boolean)) {
      const [key, paramValue] = param.split('=');
      params[key] = paramValue;
    }
    const top = stack[stack.length - 1];
    if (name === 'BEGIN') {
      const child: Component = { name: value, properties: [], children: [] };
      top.children.push(child);
      stack.push(child);
    } else if (name === 'END') {
      if (top.name !== value) {
        throw new Error(`END:${value} closes ${top.name}`);
      }
      stack.pop();
    } else {
      top.properties.push({ name, params, value });
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0];
}

const prop = (component: Component, name: string): string | undefined =>
  component.properties.find((p) => p.name === name)?.value;

const entry = (overrides: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: 'a1b2@plenary',
  sequence: 0,
  status: 'CONFIRMED',
  startsAt: '2020-11-19T01:00:00.000Z',
  endsAt: '2020-11-19T02:00:00.000Z',
  timezone: 'Asia/Shanghai',
  summary: 'Opening ceremony',
  lastModified: '2020-11-01T08:30:00.000Z',
  ...overrides,
});

describe('renderCalendar', () => {
  it('should use CRLF line endings and fold every line at 75 octets', () => {
    const summary = '丝路国际智库网络年会：应对国际合作机制面临的挑战，推动全球经济复苏与可持续发展。'.repeat(
      3,
    );
    const text = renderCalendar({ name: 'SiLKS', timezone: 'Asia/Shanghai', entries: [entry({ summary })] });

    const physical = text.slice(0, -2).split('\r\n');
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
      // Every physical line is valid UTF-8 on its own: no character was cut in half.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(2);
    const event = parseCalendar(text).children.find((c) => c.name === 'VEVENT')!;
    expect(prop(event, 'SUMMARY')).toBe(summary);
  });

  it('should fold between code points and never split a multi-byte character', () => {
    const line = `SUMMARY:${'é中😀'.repeat(30)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    expect(Buffer.byteLength(folded[0], 'utf8')).toBeLessThanOrEqual(75);
    for (const part of folded.slice(1)) {
      expect(part.startsWith(' ')).toBe(true);
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    }
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('should escape backslashes, semicolons, commas and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    const text = renderCalendar({
      name: 'Cal; with, specials',
      timezone: 'Asia/Shanghai',
      entries: [
        entry({
          summary: 'Supply chains; trade, and growth',
          description: 'Line one\nLine two \\ end',
          location: 'Panel Room, online',
          categories: ['Economic Recovery', 'A, B'],
        }),
      ],
    });
    expect(text).toContain('X-WR-CALNAME:Cal\\; with\\, specials\r\n');
    expect(text).toContain('SUMMARY:Supply chains\\; trade\\, and growth\r\n');
    expect(text).toContain('DESCRIPTION:Line one\\nLine two \\\\ end\r\n');
    expect(text).toContain('LOCATION:Panel Room\\, online\r\n');
    expect(text).toContain('CATEGORIES:Economic Recovery,A\\, B\r\n');
  });

  it('should write the calendar header, TZID times, UTC stamps, sequence and status', () => {
    const text = renderCalendar({
      name: 'SiLKS 2020',
      timezone: 'Asia/Shanghai',
      refreshIntervalMinutes: 60,
      entries: [entry({ sequence: 3, status: 'CANCELLED', url: 'https://example.org/s/1' })],
    });
    const calendar = parseCalendar(text);
    expect(calendar.name).toBe('VCALENDAR');
    expect(prop(calendar, 'VERSION')).toBe('2.0');
    expect(prop(calendar, 'PRODID')).toBeDefined();
    expect(prop(calendar, 'CALSCALE')).toBe('GREGORIAN');
    expect(prop(calendar, 'METHOD')).toBe('PUBLISH');
    expect(prop(calendar, 'X-WR-CALNAME')).toBe('SiLKS 2020');
    expect(prop(calendar, 'X-WR-TIMEZONE')).toBe('Asia/Shanghai');
    expect(prop(calendar, 'REFRESH-INTERVAL')).toBe('PT60M');

    const event = calendar.children.find((c) => c.name === 'VEVENT')!;
    const start = event.properties.find((p) => p.name === 'DTSTART')!;
    expect(start.params.TZID).toBe('Asia/Shanghai');
    expect(start.value).toBe('20201119T090000');
    expect(prop(event, 'DTEND')).toBe('20201119T100000');
    expect(prop(event, 'DTSTAMP')).toBe('20201101T083000Z');
    expect(prop(event, 'UID')).toBe('a1b2@plenary');
    expect(prop(event, 'SEQUENCE')).toBe('3');
    expect(prop(event, 'STATUS')).toBe('CANCELLED');
    expect(prop(event, 'URL')).toBe('https://example.org/s/1');
  });

  it('should give Asia/Shanghai one STANDARD observance at +0800', () => {
    const calendar = parseCalendar(
      renderCalendar({ name: 'x', timezone: 'Asia/Shanghai', entries: [entry()] }),
    );
    const zones = calendar.children.filter((c) => c.name === 'VTIMEZONE');
    expect(zones).toHaveLength(1);
    expect(prop(zones[0], 'TZID')).toBe('Asia/Shanghai');
    expect(zones[0].children.map((c) => c.name)).toEqual(['STANDARD']);
    expect(prop(zones[0].children[0], 'TZOFFSETFROM')).toBe('+0800');
    expect(prop(zones[0].children[0], 'TZOFFSETTO')).toBe('+0800');
    expect(prop(zones[0].children[0], 'DTSTART')).toMatch(/^\d{8}T\d{6}$/);
  });

  it('should give Europe/Berlin its real DST transitions for the years the entries span', () => {
    expect(transitionsInYear('Europe/Berlin', 2021)).toEqual([
      { atMs: Date.parse('2021-03-28T01:00:00Z'), fromMinutes: 60, toMinutes: 120 },
      { atMs: Date.parse('2021-10-31T01:00:00Z'), fromMinutes: 120, toMinutes: 60 },
    ]);
    const calendar = parseCalendar(
      renderCalendar({
        name: 'x',
        timezone: 'Europe/Berlin',
        entries: [
          entry({
            timezone: 'Europe/Berlin',
            startsAt: '2021-03-27T09:00:00.000Z',
            endsAt: '2021-03-27T10:00:00.000Z',
          }),
          entry({
            uid: 'b@plenary',
            timezone: 'Europe/Berlin',
            startsAt: '2021-03-29T08:00:00.000Z',
            endsAt: '2021-03-29T09:00:00.000Z',
          }),
        ],
      }),
    );
    const zone = calendar.children.find((c) => c.name === 'VTIMEZONE')!;
    expect(prop(zone, 'TZID')).toBe('Europe/Berlin');
    const observances = zone.children.map((c) => [
      c.name,
      prop(c, 'DTSTART'),
      prop(c, 'TZOFFSETFROM'),
      prop(c, 'TZOFFSETTO'),
    ]);
    expect(observances).toEqual([
      ['STANDARD', '20201025T030000', '+0200', '+0100'],
      ['DAYLIGHT', '20210328T020000', '+0100', '+0200'],
      ['STANDARD', '20211031T030000', '+0200', '+0100'],
    ]);
    const events = calendar.children.filter((c) => c.name === 'VEVENT');
    // The same 10:00 wall clock on both sides of the change, an hour apart in UTC.
    expect(events.map((e) => prop(e, 'DTSTART'))).toEqual(['20210327T100000', '20210329T100000']);
  });

  it('should emit one VTIMEZONE per zone used and none for UTC entries', () => {
    const calendar = parseCalendar(
      renderCalendar({
        name: 'x',
        timezone: 'Asia/Shanghai',
        entries: [
          entry(),
          entry({ uid: 'b@plenary', timezone: 'America/Los_Angeles' }),
          entry({ uid: 'c@plenary' }),
          entry({ uid: 'd@plenary', timezone: 'UTC' }),
        ],
      }),
    );
    const zones = calendar.children.filter((c) => c.name === 'VTIMEZONE').map((z) => prop(z, 'TZID'));
    expect(zones).toEqual(['Asia/Shanghai', 'America/Los_Angeles']);
    const utc = calendar.children.filter((c) => c.name === 'VEVENT')[3];
    expect(prop(utc, 'DTSTART')).toBe('20201119T010000Z');
    expect(utc.properties.find((p) => p.name === 'DTSTART')!.params).toEqual({});
  });
});
