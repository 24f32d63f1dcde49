import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDF_OPTIONS, pdfFileName, pdfSaveDialog, savePdf, withPdfExtension } from './print-to-pdf';

describe('Save as PDF: the decisions main makes', () => {
  it('offers the suggested name, cleaned: no folder, no path or control characters, always .pdf', () => {
    expect(pdfFileName('statement-market-2026-10-01-to-2026-10-31.pdf')).toBe(
      'statement-market-2026-10-01-to-2026-10-31.pdf',
    );
    expect(pdfFileName('statement-0xAbC-2026-10-01-to-2026-10-31')).toBe(
      'statement-0xAbC-2026-10-01-to-2026-10-31.pdf',
    );
    expect(pdfFileName('../../etc/passwd')).toBe('passwd.pdf');
    expect(pdfFileName('C:\\Users\\owner\\report.PDF')).toBe('report.pdf');
    expect(pdfFileName('.hidden.pdf')).toBe('hidden.pdf');
    expect(pdfFileName('a b\u0000c\nd.pdf')).toBe('a-b-c-d.pdf');
    expect(pdfFileName(`${'x'.repeat(400)}.pdf`)).toHaveLength(150);
    for (const bad of ['', '.pdf', '../', '...', 42, null, undefined, { fileName: 'x' }])
      expect(pdfFileName(bad)).toBe('gridkeeper.pdf');
  });

  it('asks in the documents folder for a PDF, and adds .pdf to a name typed without it', () => {
    expect(pdfSaveDialog('s.pdf', '/home/owner/Documents')).toMatchObject({
      defaultPath: '/home/owner/Documents/s.pdf',
      filters: [{ name: 'PDF document', extensions: ['pdf'] }],
    });
    expect(withPdfExtension('/tmp/board-report')).toBe('/tmp/board-report.pdf');
    expect(withPdfExtension('/tmp/board-report.PDF')).toBe('/tmp/board-report.PDF');
  });

  it('prints A4 portrait with backgrounds, numbered pages and a tagged outline', () => {
    expect(PDF_OPTIONS).toMatchObject({
      pageSize: 'A4',
      landscape: false,
      printBackground: true,
      displayHeaderFooter: true,
      generateTaggedPDF: true,
    });
    expect(PDF_OPTIONS.footerTemplate).toContain('class="pageNumber"');
    expect(PDF_OPTIONS.footerTemplate).toContain('class="totalPages"');
  });

  it('writes what printToPDF gave to the chosen path; a cancelled dialog prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-pdf-'));
    try {
      const printed: unknown[] = [];
      const pdf = new TextEncoder().encode('%PDF-1.7 test');
      const ports = (chosen: string | undefined) => ({
        choosePath: async (options: { defaultPath?: string }) => {
          expect(options.defaultPath).toBe(join(dir, 'statement-market.pdf'));
          return chosen;
        },
        print: async (options: unknown) => {
          printed.push(options);
          return pdf;
        },
        write: (path: string, data: Uint8Array) => writeFile(path, data, { mode: 0o600 }),
      });
      const request = { fileName: 'statement-market.pdf' };
      expect(await savePdf(request, dir, ports(undefined))).toEqual({ ok: true, data: { saved: false } });
      expect(printed).toEqual([]);

      const reply = await savePdf(request, dir, ports(join(dir, 'board')));
      expect(reply).toEqual({
        ok: true,
        data: { saved: true, path: join(dir, 'board.pdf'), bytes: pdf.length },
      });
      expect(printed).toEqual([PDF_OPTIONS]);
      expect(readFileSync(join(dir, 'board.pdf'), 'utf8')).toBe('%PDF-1.7 test');
      expect(statSync(join(dir, 'board.pdf')).mode & 0o777).toBe(0o600);

      // A folder that is not there: the reply names the path and the reason.
      const failed = await savePdf(request, dir, ports(join(dir, 'missing', 'x.pdf')));
      expect(failed).toMatchObject({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: expect.stringMatching(/could not be saved to .*x\.pdf: .*ENOENT/),
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
