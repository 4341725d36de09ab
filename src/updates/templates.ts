import { z } from 'zod';
import { defineTemplate } from '../templates/render';

/**
 * The updates feature's Flex templates (flex-templates/update-*.json) and their variables. Flex
 * text components may not be empty, so every text slot requires at least one character.
 */

const text = z.string().min(1);
const color = z.string().regex(/^#[0-9A-Fa-f]{6}$/);
/** Already rendered Flex components (rows built from the small templates below). */
const components = z.array(z.unknown()).min(1);

export const factTemplate = defineTemplate('update-fact', z.object({ label: text, value: text }));

export const timelineEntryTemplate = defineTemplate('update-timeline-entry', z.object({ when: text, text }));

export const timelineMoreTemplate = defineTemplate('update-timeline-more', z.object({ text }));

export const statusTemplate = defineTemplate(
  'update-status',
  z.object({
    color,
    title: text,
    caseNumberLine: text,
    statusLabel: text,
    facts: components,
    timelineHeading: text,
    timeline: components,
    trackLabel: text.max(20),
    trackDisplay: text,
  }),
);

export const officerMessageTemplate = defineTemplate(
  'update-officer-message',
  z.object({
    title: text,
    centerName: text,
    caseNumberLine: text,
    message: text,
    facts: components,
    timelineHeading: text,
    timeline: components,
    trackLabel: text.max(20),
    trackDisplay: text,
  }),
);

export const trackingTemplate = defineTemplate(
  'update-tracking',
  z.object({
    color,
    caseNumber: text,
    openedLine: text,
    statusLabel: text,
    lastWhen: text,
    lastText: text,
    viewLabel: text.max(20),
    viewData: text.max(300),
    viewDisplay: text,
  }),
);
