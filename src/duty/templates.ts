import { z } from 'zod';
import { defineTemplate } from '../templates/render';

/** The duty feature's Flex templates (`flex-templates/duty-*.json`) and their variables. */

const component = z.record(z.string(), z.unknown());
const components = z.array(component).min(1);

export const caseCardTemplate = defineTemplate(
  'duty-case-card',
  z.object({
    headerColor: z.string().regex(/^#[0-9A-F]{6}$/i),
    title: z.string().min(1),
    caseNumber: z.string().min(1),
    summary: z.string().min(1),
    rows: components,
    buttons: components,
  }),
);

export const queueTemplate = defineTemplate(
  'duty-queue',
  z.object({ title: z.string().min(1), subtitle: z.string().min(1), rows: components }),
);

export const caseDetailsTemplate = defineTemplate(
  'duty-case-details',
  z.object({
    title: z.string().min(1),
    notice: z.string().min(1),
    rows: components,
    /** A footer box with buttons, or undefined to leave the bubble without a footer. */
    footer: component.optional(),
  }),
);
