import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const SECONDS = 8;

/** The interpretation languages of the test stream: one audio rendition each, a distinct tone each. */
export const TEST_AUDIO = [
  { lang: 'en', name: 'English', tone: 440 },
  { lang: 'ru', name: 'Русский', tone: 880 },
] as const;
export const TEST_CAPTION = 'Captions are working';

const hls = (dir: string) => [
  '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod',
  '-hls_segment_filename', join(dir, 'seg%d.ts'), join(dir, 'index.m3u8'),
]; // prettier-ignore

/**
 * An interpretation stream like the one docs/streaming.md produces, from synthetic sources: a test picture,
 * one audio rendition per language, English WebVTT subtitles in the playlist, and a Russian caption file
 * beside it (for the stream's `captions`).
 */
export function buildTestStream(root: string): void {
  mkdirSync(join(root, 'video'), { recursive: true });
  execFileSync(FFMPEG, [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${SECONDS}`,
    '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '40',
    ...hls(join(root, 'video')),
  ]); // prettier-ignore
  for (const audio of TEST_AUDIO) {
    mkdirSync(join(root, audio.lang));
    execFileSync(FFMPEG, [
      '-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${audio.tone}:duration=${SECONDS}`,
      '-c:a', 'aac', '-b:a', '48k', '-ac', '1', ...hls(join(root, audio.lang)),
    ]); // prettier-ignore
  }
  // ffmpeg's MPEG-TS timestamps start at 1.4 s (126000 at 90 kHz): the WebVTT says so.
  const vtt = (text: string) =>
    `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n00:00:00.000 --> 00:00:${String(SECONDS).padStart(2, '0')}.000\n${text}\n`;
  mkdirSync(join(root, 'subs'));
  writeFileSync(join(root, 'subs', 'en.vtt'), vtt(TEST_CAPTION));
  writeFileSync(
    join(root, 'subs', 'en.m3u8'),
    `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${SECONDS}\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${SECONDS}.0,\nen.vtt\n#EXT-X-ENDLIST\n`,
  );
  writeFileSync(join(root, 'ru-captions.vtt'), vtt('Субтитры работают'));
  writeFileSync(
    join(root, 'master.m3u8'),
    [
      '#EXTM3U',
      '#EXT-X-VERSION:4',
      ...TEST_AUDIO.map(
        (audio, index) =>
          `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="${audio.lang}",NAME="${audio.name}",DEFAULT=${index === 0 ? 'YES' : 'NO'},AUTOSELECT=YES,URI="${audio.lang}/index.m3u8"`,
      ),
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English captions",DEFAULT=NO,AUTOSELECT=YES,URI="subs/en.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=300000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=320x180,AUDIO="aud",SUBTITLES="subs"',
      'video/index.m3u8',
      '',
    ].join('\n'),
  );
}

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.vtt': 'text/vtt',
  '.mp4': 'video/mp4',
};

export interface StreamOrigin {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A static HLS origin on loopback (what a CDN or nginx is in production): `/good/…` serves `root`,
 * `/missing/…` answers 404 for everything, like a primary whose encoder is down.
 */
export function serveStream(root: string): Promise<StreamOrigin> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    const relative = normalize(path.replace(/^\/good\//, '')).replace(/^(\.\.[/\\])+/, '');
    if (!path.startsWith('/good/')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(root, relative));
      res.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
