import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

import type { AttendedSession } from './certificate.entity';
import { CertificateFont } from './certificate-font';

export interface CertificateContent {
  name: string;
  eventTitle: string;
  /** The event's languages (BCP 47); each known one gets its heading and labels. */
  languages: readonly string[];
  minutes: number;
  sessions: readonly AttendedSession[];
  code: string;
  url: string;
  issuedAt: string;
}

type Phrase = 'title' | 'certifies' | 'attended' | 'sessions' | 'minutes' | 'verify' | 'code' | 'issued';

const PHRASES: Record<'en' | 'zh' | 'ru', Record<Phrase, string>> = {
  en: {
    title: 'Certificate of attendance',
    certifies: 'This certifies that',
    attended: 'attended',
    sessions: 'Sessions attended',
    minutes: 'min',
    verify: 'Verify at',
    code: 'Verification code',
    issued: 'Issued',
  },
  zh: {
    title: '参会证明',
    certifies: '兹证明',
    attended: '参加了',
    sessions: '参加的会议环节',
    minutes: '分钟',
    verify: '验证网址',
    code: '验证码',
    issued: '签发日期',
  },
  ru: {
    title: 'Сертификат участника',
    certifies: 'Настоящим подтверждается, что',
    attended: 'принял(а) участие в мероприятии',
    sessions: 'Посещённые сессии',
    minutes: 'мин',
    verify: 'Проверка',
    code: 'Код проверки',
    issued: 'Выдан',
  },
};

/** The event's languages this certificate can speak, English when none of them. */
export function certificateLanguages(languages: readonly string[]): Array<keyof typeof PHRASES> {
  const known = languages
    .map((tag) => tag.toLowerCase().split('-')[0])
    .filter((tag): tag is keyof typeof PHRASES => tag in PHRASES);
  return known.length > 0 ? [...new Set(known)] : ['en'];
}

/** A one-page A4 certificate; `font` null uses Helvetica (Latin-1 text only, checked by the caller). */
export async function renderCertificatePdf(
  content: CertificateContent,
  font: CertificateFont | null,
): Promise<Buffer> {
  const qr = await QRCode.toBuffer(content.url, { type: 'png', margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${PHRASES.en.title}: ${content.eventTitle}`, Author: 'Plenary' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (font) {
    // pdfkit takes a parsed fontkit font as well as a file (its typings list only files). Each document
    // still embeds its own subset of the glyphs it uses.
    doc.registerFont('text', font.font as unknown as PDFKit.Mixins.PDFFontSource);
  } else {
    doc.registerFont('text', 'Helvetica');
  }
  doc.font('text');
  const languages = certificateLanguages(content.languages);
  const say = (phrase: Phrase): string => languages.map((lang) => PHRASES[lang][phrase]).join(' · ');
  const width = doc.page.width - 112;

  doc.fontSize(26).text(say('title'), { align: 'center', width });
  doc.moveDown(1.5);
  doc.fontSize(13).text(say('certifies'), { align: 'center', width });
  doc.moveDown(0.5);
  doc.fontSize(24).text(content.name, { align: 'center', width });
  doc.moveDown(0.5);
  doc.fontSize(13).text(say('attended'), { align: 'center', width });
  doc.moveDown(0.5);
  doc.fontSize(18).text(content.eventTitle, { align: 'center', width });
  doc.moveDown(1.5);

  doc.fontSize(12).text(`${say('sessions')} (${content.minutes} ${PHRASES[languages[0]].minutes}):`);
  doc.moveDown(0.3);
  for (const session of content.sessions.slice(0, 30)) {
    doc.fontSize(10).text(`• ${session.startsAt.slice(0, 10)}  ${session.title} — ${session.minutes}`, {
      width,
    });
  }
  if (content.sessions.length > 30) {
    doc.fontSize(10).text(`… +${content.sessions.length - 30}`);
  }

  const bottom = doc.page.height - 56 - 120;
  doc.image(qr, 56, bottom, { width: 110 });
  doc
    .fontSize(11)
    .text(`${say('code')}: ${content.code}`, 180, bottom + 10, { width: width - 124 })
    .moveDown(0.3)
    .text(`${say('verify')}: ${content.url}`, { width: width - 124 })
    .moveDown(0.3)
    .text(`${say('issued')}: ${content.issuedAt.slice(0, 10)}`, { width: width - 124 });
  doc.end();
  return done;
}
