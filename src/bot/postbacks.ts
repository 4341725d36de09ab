/**
 * Postback data is namespaced by feature: `i:` intake, `d:` duty, `u:` updates (progress,
 * tracking, rating). The router hands a postback to the feature its prefix names. These are the
 * entry points other features and the rich menu point at.
 */
export const POSTBACK = {
  startReport: 'i:start',
  sos: 'i:sos',
  mainMenu: 'i:menu',
  track: 'u:track',
} as const;

export const postbackFeature = (data: string): 'intake' | 'duty' | 'updates' | undefined =>
  data.startsWith('i:') ? 'intake' : data.startsWith('d:') ? 'duty' : data.startsWith('u:') ? 'updates' : undefined;
