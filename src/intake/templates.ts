import { z } from 'zod';
import { defineTemplate } from '../templates/render';

/** The intake's Flex templates (flex-templates/intake-*.json) and their typed variables. */

const text = z.string().min(1);
/** LINE refuses labels over 20 characters (Thai vowels and tone marks count). */
const label = z.string().min(1).max(20);
const data = z.string().min(1).max(300);
const color = z.string().regex(/^#[0-9A-Fa-f]{6}$/);

export const summaryTemplate = defineTemplate(
  'intake-summary',
  z.object({
    headerColor: color,
    title: text,
    badge: text,
    labelProblem: text,
    problem: text,
    labelPlace: text,
    place: text,
    labelTarget: text,
    target: text,
    labelSex: text,
    sex: text,
    labelDetails: text,
    details: text,
    labelFiles: text,
    files: text,
    labelContact: text,
    contact: text,
    confirmLabel: label,
    confirmData: data,
    editLabel: label,
    editData: data,
    cancelLabel: label,
    cancelData: data,
  }),
);

export const callTemplate = defineTemplate(
  'intake-call',
  z.object({ title: text, body: text, call1300Label: label, call191Label: label }),
);

export const menuTemplate = defineTemplate(
  'intake-menu',
  z.object({
    title: text,
    body: text,
    reportLabel: label,
    reportData: data,
    trackLabel: label,
    trackData: data,
    sosLabel: label,
    sosData: data,
    callLabel: label,
  }),
);

export const openedTemplate = defineTemplate(
  'intake-opened',
  z.object({
    headerColor: color,
    title: text,
    numberLabel: text,
    caseNumber: text,
    statusLabel: text,
    status: text,
    next: text,
  }),
);
