#!/usr/bin/env node
// Builds the demo Main Stage clip into client/public/demo-stage/ (segments named .m2ts, not .ts, so no
// TypeScript tool mistakes them for source): a slide, the opening words in Chinese
// (the programme audio) with English and Russian interpretation as HLS audio renditions, and WebVTT captions
// in the three languages. Needs Debian's ffmpeg and espeak-ng. Run: node scripts/make-demo-stage.mjs
//
// The words state the meeting's theme as the demo agenda describes it (see shared PRODUCT.md); they quote no
// one. Synthetic voices, so nobody is impersonated.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'client', 'public', 'demo-stage');
const work = mkdtempSync(join(tmpdir(), 'plenary-demo-stage-'));
const SEGMENT_SECONDS = 6;
const MAX_TOTAL_BYTES = 3 * 1024 * 1024;

/** One entry per sentence, the same sentences in each language. */
const LANGUAGES = [
  {
    lang: 'zh',
    voice: 'cmn',
    name: '中文（原声）',
    caption: '中文',
    sentences: [
      '欢迎参加丝路国际智库网络在线年会。',
      '本次会议在国务院发展研究中心指导下举行。',
      '丝路国际智库网络与国务院发展研究中心将共同发布联合倡议。',
      '倡议旨在应对国际合作机制面临的挑战，推动全球经济复苏和可持续发展。',
    ],
  },
  {
    lang: 'en',
    voice: 'en',
    name: 'English (interpretation)',
    caption: 'English',
    sentences: [
      'Welcome to the Online Annual Meeting of the Silk Road Think Tank Network.',
      'The meeting is held under the guidance of the Development Research Center of the State Council.',
      'The network and the Development Research Center will launch a Joint Initiative.',
      'It aims to meet the challenges facing international cooperation mechanisms, and to promote the recovery and sustainable development of the global economy.',
    ],
  },
  {
    lang: 'ru',
    voice: 'ru',
    name: 'Русский (перевод)',
    caption: 'Русский',
    sentences: [
      'Добро пожаловать на онлайн ежегодную встречу Сети аналитических центров Шёлкового пути.',
      'Встреча проходит под руководством Исследовательского центра развития при Госсовете КНР.',
      'Сеть и Исследовательский центр развития выступят с Совместной инициативой.',
      'Её цель: ответить на вызовы, стоящие перед механизмами международного сотрудничества, и содействовать восстановлению и устойчивому развитию мировой экономики.',
    ],
  },
];

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const seconds = (file) =>
  Number(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
      .toString()
      .trim(),
  );
const vttTime = (s) => {
  const ms = Math.round(s * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Speech, one WAV per sentence, joined with a short pause; caption cues follow the sentences.
const PAUSE = 0.6;
for (const language of LANGUAGES) {
  let at = 0.5;
  language.cues = [];
  const parts = [];
  language.sentences.forEach((sentence, index) => {
    const wav = join(work, `${language.lang}-${index}.wav`);
    run('espeak-ng', ['-v', language.voice, '-s', '150', '-w', wav, sentence]);
    const length = seconds(wav);
    language.cues.push({ from: at, to: at + length, text: sentence });
    at += length + PAUSE;
    parts.push(wav);
  });
  language.length = at;
  language.parts = parts;
}
const duration = Math.ceil(Math.max(...LANGUAGES.map((l) => l.length)) + 1);

for (const language of LANGUAGES) {
  // Each sentence starts at its cue time: pad with silence (adelay) and mix.
  const inputs = language.parts.flatMap((wav) => ['-i', wav]);
  const delays = language.cues
    .map((cue, i) => `[${i}:a]adelay=${Math.round(cue.from * 1000)}:all=1[a${i}]`)
    .join(';');
  const mix = `${language.cues.map((_, i) => `[a${i}]`).join('')}amix=inputs=${language.cues.length}:normalize=0,apad=whole_dur=${duration}[out]`;
  const dir = join(out, language.lang);
  mkdirSync(dir);
  run('ffmpeg', [
    '-y',
    '-v',
    'error',
    ...inputs,
    '-filter_complex',
    `${delays};${mix}`,
    '-map',
    '[out]',
    '-t',
    String(duration),
    '-c:a',
    'aac',
    '-b:a',
    '40k',
    '-ac',
    '1',
    '-ar',
    '22050',
    '-f',
    'hls',
    '-hls_time',
    String(SEGMENT_SECONDS),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    join(dir, 'seg%d.m2ts'),
    join(dir, 'index.m3u8'),
  ]);
}

// The slide: the meeting and the session, in Latin script (Debian's default fonts have no CJK glyphs).
const slideText = join(work, 'slide.txt');
writeFileSync(
  slideText,
  'Silk Road Think Tank Network (SiLKS)\nOnline Annual Meeting 2020\n\nOpening ceremony and\nlaunch of the Joint Initiative\n\nMain Stage · demo stream',
);
mkdirSync(join(out, 'video'));
run('ffmpeg', [
  '-y',
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  `color=c=0x0d3b66:s=640x360:r=10:d=${duration}`,
  '-vf',
  `drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:textfile=${slideText}:fontcolor=white:fontsize=26:line_spacing=8:x=(w-tw)/2:y=(h-th)/2`,
  '-c:v',
  'libx264',
  '-profile:v',
  'baseline',
  '-tune',
  'stillimage',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '60',
  '-b:v',
  '120k',
  '-f',
  'hls',
  '-hls_time',
  String(SEGMENT_SECONDS),
  '-hls_playlist_type',
  'vod',
  '-hls_segment_filename',
  join(out, 'video', 'seg%d.m2ts'),
  join(out, 'video', 'index.m3u8'),
]);

// WebVTT captions: MPEG-TS timestamps of ffmpeg's segments start at 1.4 s (126000 at 90 kHz).
const firstPts = Number(
  execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=start_pts',
    '-of',
    'csv=p=0',
    join(out, 'video', 'seg0.m2ts'),
  ])
    .toString()
    .trim()
    .split('\n')[0],
);
mkdirSync(join(out, 'subs'));
for (const language of LANGUAGES) {
  const cues = language.cues
    .map((cue) => `${vttTime(cue.from)} --> ${vttTime(cue.to)}\n${cue.text}\n`)
    .join('\n');
  writeFileSync(
    join(out, 'subs', `${language.lang}.vtt`),
    `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${firstPts},LOCAL:00:00:00.000\n\n${cues}`,
  );
  writeFileSync(
    join(out, 'subs', `${language.lang}.m3u8`),
    `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${duration}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${duration}.0,\n${language.lang}.vtt\n#EXT-X-ENDLIST\n`,
  );
}

const media = LANGUAGES.flatMap((language, index) => [
  `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="${language.lang}",NAME="${language.name}",DEFAULT=${index === 0 ? 'YES' : 'NO'},AUTOSELECT=YES,CHANNELS="1",URI="${language.lang}/index.m3u8"`,
]);
const subtitles = LANGUAGES.map(
  (language) =>
    `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="${language.lang}",NAME="${language.caption}",DEFAULT=NO,AUTOSELECT=YES,URI="subs/${language.lang}.m3u8"`,
);
writeFileSync(
  join(out, 'master.m3u8'),
  [
    '#EXTM3U',
    '#EXT-X-VERSION:4',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    ...media,
    ...subtitles,
    '#EXT-X-STREAM-INF:BANDWIDTH=220000,AVERAGE-BANDWIDTH=180000,CODECS="avc1.42c01e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=10.000,AUDIO="audio",SUBTITLES="subs"',
    'video/index.m3u8',
    '',
  ].join('\n'),
);

const total = (dir) =>
  readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    return sum + (statSync(path).isDirectory() ? total(path) : statSync(path).size);
  }, 0);
const bytes = total(out);
rmSync(work, { recursive: true, force: true });
if (bytes > MAX_TOTAL_BYTES) {
  console.error(`demo stage: ${bytes} bytes exceeds the ${MAX_TOTAL_BYTES}-byte limit`);
  process.exit(1);
}
console.log(`demo stage: ${duration} s, ${bytes} bytes in ${out}`);
