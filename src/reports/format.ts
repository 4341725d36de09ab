import { formatCsv } from './format-csv';
import { formatHtml } from './format-html';
import { formatMarkdown } from './format-md';
import type { ReportSummary } from './summary';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const formatJson = (s: ReportSummary) => `${JSON.stringify(s, null, 2)}\n`;

export function formatReport(s: ReportSummary, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return formatMarkdown(s);
    case 'csv':
      return formatCsv(s);
    case 'json':
      return formatJson(s);
    case 'html':
      return formatHtml(s);
  }
}
