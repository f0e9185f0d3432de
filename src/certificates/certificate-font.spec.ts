import PDFDocument from 'pdfkit';

import { certificateFont } from './certificate-font';
import { renderCertificatePdf } from './certificate-pdf';

describe('certificateFont', () => {
  it('should parse the font once and give every certificate the same parsed font', async () => {
    const font = certificateFont();
    // .ci/run installs fonts-wqy-zenhei; without it certificates fall back to Helvetica (tested in e2e).
    expect(font).not.toBeNull();
    expect(certificateFont()).toBe(font);
    expect(font!.font.postscriptName).toBe(font!.family);

    const open = jest.spyOn(PDFDocument.prototype, 'registerFont');
    const content = {
      name: '王伟 Анна',
      eventTitle: 'SiLKS 2030',
      languages: ['zh', 'ru'],
      minutes: 30,
      sessions: [{ title: 'Opening', startsAt: '2030-11-20T01:00:00.000Z', minutes: 30 }],
      code: '0123456789AB',
      url: 'https://plenary.example/certificates/0123456789AB',
      issuedAt: '2030-11-21T00:00:00.000Z',
    };
    const [first, second] = [
      await renderCertificatePdf(content, font),
      await renderCertificatePdf(content, font),
    ];
    expect(open.mock.calls.map(([, source]) => source)).toEqual([font!.font, font!.font]);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(second.length).toBeGreaterThan(1000);
    open.mockRestore();
  });
});
