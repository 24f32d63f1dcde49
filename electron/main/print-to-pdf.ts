import { join } from 'node:path';
import type { PrintToPDFOptions, SaveDialogOptions } from 'electron';
import type { Reply } from '../core/api/contract/reply';
import type { SavePdfResult } from '../preload/bridge';

/**
 * "Save as PDF" (the bridge's `savePdf`): main prints the window's page with Electron's
 * `webContents.printToPDF` (print media: the page's print stylesheet, so the statement alone on white)
 * and writes it where the owner picks. The decisions are here, pure, and unit-tested; index.ts only
 * wires Electron's dialog, printToPDF and the file write to them.
 */

const DEFAULT_NAME = 'gridkeeper.pdf';
const MAX_NAME = 150;

/**
 * A4 portrait, 1 cm margins, backgrounds kept (badges, chart swatches) and a footer numbering the
 * pages; a tagged PDF with an outline from the headings, so the statement reads in a screen reader.
 */
export const PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  landscape: false,
  printBackground: true,
  margins: { top: 0.4, bottom: 0.5, left: 0.4, right: 0.4 },
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="width:100%;font-size:8px;text-align:center;color:#3d4a57;">' +
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
  generateTaggedPDF: true,
  generateDocumentOutline: true,
};

/**
 * The renderer's suggested name made safe to offer: no folder, no control or path characters, no
 * leading dot, at most 150 characters, ending in ".pdf". Anything unusable becomes "gridkeeper.pdf".
 */
export function pdfFileName(requested: unknown): string {
  if (typeof requested !== 'string') return DEFAULT_NAME;
  const base = requested.split(/[/\\]/).at(-1) ?? '';
  const stem = base
    .replace(/\.pdf$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_NAME - 4);
  return stem ? `${stem}.pdf` : DEFAULT_NAME;
}

/** The save dialog: in `folder` (the owner's documents), under the cleaned name, PDF files only. */
export function pdfSaveDialog(fileName: string, folder: string): SaveDialogOptions {
  return {
    title: 'Save as PDF',
    defaultPath: join(folder, fileName),
    buttonLabel: 'Save PDF',
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** The chosen path, with ".pdf" added when the owner typed a name without it. */
export function withPdfExtension(path: string): string {
  return /\.pdf$/i.test(path) ? path : `${path}.pdf`;
}

/** What saving needs from Electron and the file system (index.ts gives the real ones). */
export interface SavePdfPorts {
  /** The save dialog: the chosen path, or undefined when cancelled. */
  choosePath(options: SaveDialogOptions): Promise<string | undefined>;
  print(options: PrintToPDFOptions): Promise<Uint8Array>;
  /** Writes the file (readable by its owner only, like every file the app writes). */
  write(path: string, data: Uint8Array): Promise<void>;
}

/** Asks where, prints, writes: the reply the renderer shows (saved, cancelled, or why it failed). */
export async function savePdf(
  request: unknown,
  folder: string,
  ports: SavePdfPorts,
): Promise<Reply<SavePdfResult>> {
  const requested = (request as { fileName?: unknown } | null)?.fileName;
  const chosen = await ports.choosePath(pdfSaveDialog(pdfFileName(requested), folder));
  if (!chosen) return { ok: true, data: { saved: false } };
  const path = withPdfExtension(chosen);
  try {
    const pdf = await ports.print(PDF_OPTIONS);
    await ports.write(path, pdf);
    return { ok: true, data: { saved: true, path, bytes: pdf.byteLength } };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `The PDF could not be saved to ${path}: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}
