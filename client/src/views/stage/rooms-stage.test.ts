/** @jest-environment jsdom */
import { ApiError } from '../../api/http-client';
import type { Room } from '../../api/types';
import type { AppContext } from '../../app-context';
import { en } from '../../i18n/en';
import { translator } from '../../i18n/i18n';
import { savingStream, streamOf, streamValues, withStream } from './rooms-stage';

const ctx = { t: translator('en', en) } as unknown as AppContext;

const room = (stream: Room['stream']): Room => ({ id: 'r1', name: 'Main Stage', stream });

describe('the room form stream fields', () => {
  it('should edit every field of a stream: kind, URL, backup and captions, and give them back unchanged', () => {
    const stream = {
      kind: 'hls' as const,
      url: 'https://live.example.org/main/master.m3u8',
      backupUrl: 'https://backup.example.net/main/master.m3u8',
      captions: [
        { lang: 'en', label: 'English', url: 'https://live.example.org/main/en.vtt' },
        { lang: 'zh', label: '中文', url: 'https://live.example.org/main/zh.vtt' },
      ],
    };
    const values = streamValues(room(stream));
    expect(values['streamCaptions']).toBe(
      'en | English | https://live.example.org/main/en.vtt\nzh | 中文 | https://live.example.org/main/zh.vtt',
    );
    expect(withStream(ctx, { name: 'Main Stage', ...values })).toEqual({
      name: 'Main Stage',
      stream,
      streamUrl: null,
    });
  });

  it('should drop blank caption lines and clear the stream when kind or URL is empty', () => {
    expect(
      streamOf(ctx, {
        streamKind: 'hls',
        streamMain: '/demo-stage/master.m3u8',
        streamBackup: '',
        streamCaptions: '\n ru |Русский|  https://c.example.org/ru.vtt \n\n',
      }),
    ).toEqual({
      kind: 'hls',
      url: '/demo-stage/master.m3u8',
      captions: [{ lang: 'ru', label: 'Русский', url: 'https://c.example.org/ru.vtt' }],
    });
    expect(streamOf(ctx, { streamKind: '', streamMain: 'https://x.example.org' })).toBeNull();
    expect(withStream(ctx, { streamKind: 'embed', streamMain: '' })).toEqual({
      stream: null,
      streamUrl: null,
    });
  });

  it('should refuse a malformed caption line at the captions field, naming the line', () => {
    let error: unknown;
    try {
      streamOf(ctx, {
        streamKind: 'hls',
        streamMain: 'https://live.example.org/m.m3u8',
        streamCaptions: 'en | English | https://c.example.org/en.vtt\nzh | https://c.example.org/zh.vtt',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fields).toEqual({ streamCaptions: ['Line 2: write language | label | URL'] });
  });

  it("should show the API's stream.* errors at the form field they belong to", async () => {
    const refused = new ApiError('VALIDATION_FAILED', 'bad', 400, {
      fields: {
        'stream.captions.1.url': ['captions.url must be an http or https URL'],
        'stream.backupUrl': ['backupUrl must be an http or https URL'],
        name: ['name should not be empty'],
      },
    });
    await expect(savingStream(() => Promise.reject(refused))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: {
        streamCaptions: ['captions.url must be an http or https URL'],
        streamBackup: ['backupUrl must be an http or https URL'],
        name: ['name should not be empty'],
      },
    });
    const other = new Error('offline');
    await expect(savingStream(() => Promise.reject(other))).rejects.toBe(other);
    await expect(savingStream(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
