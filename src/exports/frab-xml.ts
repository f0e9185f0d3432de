/**
 * frab `schedule.xml` (https://c3voc.de/schedule/schema.xsd), rendered from the c3voc model so the XML and
 * JSON exports always carry the same programme.
 */
import { C3vocEvent, C3vocSchedule } from './c3voc-schedule';

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text and attribute values alike (`&`, `<`, `>`, `"`, `'`) and drops what XML cannot hold. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

type Attributes = Record<string, string | number | undefined>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

class XmlWriter {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  open(name: string, attrs: Attributes = {}): this {
    this.lines.push(`${this.indent()}<${name}${attributes(attrs)}>`);
    this.depth += 1;
    return this;
  }

  close(name: string): this {
    this.depth -= 1;
    this.lines.push(`${this.indent()}</${name}>`);
    return this;
  }

  element(name: string, text: string | number | boolean | null | undefined, attrs: Attributes = {}): this {
    const content = text === null || text === undefined ? '' : escapeXml(String(text));
    this.lines.push(
      content === ''
        ? `${this.indent()}<${name}${attributes(attrs)}/>`
        : `${this.indent()}<${name}${attributes(attrs)}>${content}</${name}>`,
    );
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

export function renderFrabXml(model: C3vocSchedule): string {
  const { conference } = model.schedule;
  const xml = new XmlWriter();
  xml.open('schedule');
  xml.element('generator', null, { name: model.generator.name, version: model.generator.version });
  xml.element('version', model.schedule.version);
  xml.open('conference');
  xml.element('title', conference.title);
  xml.element('acronym', conference.acronym);
  xml.element('start', conference.start);
  xml.element('end', conference.end);
  xml.element('days', conference.daysCount);
  xml.element('timeslot_duration', conference.timeslot_duration);
  xml.element('base_url', model.schedule.base_url);
  xml.element('url', conference.url);
  if (conference.time_zone_name) {
    xml.element('time_zone_name', conference.time_zone_name);
  }
  for (const track of conference.tracks) {
    xml.element('track', track.name, { name: track.name, color: track.color, slug: track.slug });
  }
  xml.close('conference');

  for (const day of conference.days) {
    xml.open('day', { index: day.index, date: day.date, start: day.day_start, end: day.day_end });
    for (const [roomName, events] of Object.entries(day.rooms)) {
      const room = conference.rooms.find((r) => r.name === roomName);
      xml.open('room', { name: roomName, guid: room?.guid });
      for (const event of events) {
        writeEvent(xml, event);
      }
      xml.close('room');
    }
    xml.close('day');
  }
  xml.close('schedule');
  return xml.toString();
}

function writeEvent(xml: XmlWriter, event: C3vocEvent): void {
  xml.open('event', { id: event.id, guid: event.guid });
  xml.element('room', event.room);
  xml.element('title', event.title);
  xml.element('subtitle', event.subtitle);
  xml.element('type', event.type);
  xml.element('date', event.date);
  xml.element('start', event.start);
  xml.element('duration', event.duration);
  xml.element('abstract', event.abstract);
  xml.element('slug', event.slug);
  xml.element('track', event.track);
  if (event.language) {
    xml.element('language', event.language);
  }
  if (event.description) {
    xml.element('description', event.description);
  }
  xml.open('persons');
  for (const person of event.persons) {
    xml.element('person', person.public_name, { id: person.id, guid: person.guid });
  }
  xml.close('persons');
  xml.open('recording');
  xml.element('license', event.recording_license);
  xml.element('optout', event.do_not_record);
  xml.close('recording');
  xml.open('links');
  for (const link of event.links) {
    xml.element('link', link.title ?? link.url, { href: link.url, type: link.type });
  }
  xml.close('links');
  xml.open('attachments');
  for (const attachment of event.attachments) {
    xml.element('attachment', attachment.title ?? attachment.url, {
      href: attachment.url,
      type: attachment.type,
    });
  }
  xml.close('attachments');
  xml.element('url', event.url);
  xml.close('event');
}
